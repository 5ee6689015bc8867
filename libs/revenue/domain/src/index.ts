export * from './division';
export * from './sharing';
export * from './demo-sharing';
export * from './codes';
