export * from './permissions';
export * from './authorize';
