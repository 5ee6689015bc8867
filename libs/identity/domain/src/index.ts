export * from './posts';
export * from './tokens';
export * from './bearer';
