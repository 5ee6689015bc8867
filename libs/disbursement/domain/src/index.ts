export * from './payment-voucher';
export * from './limits';
export * from './budget-data';
export * from './monitoring';
export * from './deadline';
export * from './demo-plan';
export * from './roll-up';
