export * from './config';
export * from './logger';
export * from './metrics';
export * from './shutdown';
export * from './queues';
export * from './tool-options';
