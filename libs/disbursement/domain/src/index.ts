export * from './payment-voucher';
export * from './limits';
export * from './budget-data';
