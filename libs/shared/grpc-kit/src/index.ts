export * from './errors';
export * from './unary';
export * from './server';
