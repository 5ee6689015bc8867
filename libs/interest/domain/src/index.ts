export * from './settlement';
export * from './accumulation';
export * from './interest';
