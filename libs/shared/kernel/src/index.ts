export * from './money';
export * from './errors';
export * from './business-date';
export * from './actor';
export * from './access';
export * from './text';
