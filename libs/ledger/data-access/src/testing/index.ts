export { checkLedgerInvariants, type BalanceMismatch, type LedgerInvariants } from './books-invariants';
