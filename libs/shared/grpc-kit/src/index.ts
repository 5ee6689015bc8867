export * from './call-wrapper';
export * from './errors';
export * from './request-id';
export * from './unary';
export * from './server';
export * from './tls';
export { clientStream } from './client-stream';
