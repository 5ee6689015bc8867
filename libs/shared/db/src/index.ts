export * from './connection';
export * from './long-statements';
export * from './migrate';
export * from './pending-migrations';
export * from './probe';
export * from './shipped-files';
export * from './unavailable';
