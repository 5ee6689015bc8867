export * from './posts';
export * from './tokens';
export * from './bearer';
export * from './compatibility';
export * from './passwords';
export * from './leave';
export * from './handover';
export * from './sign-in-limits';
