export * from './fiscal-level';
export * from './chart';
export * from './calendar';
export * from './voucher';
export * from './balances';
export * from './statement';
export * from './posting-rules';
export * from './text-limits';
