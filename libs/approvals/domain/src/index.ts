export * from './route';
export * from './key-elements';
export * from './segregation';
export * from './inquiry';
