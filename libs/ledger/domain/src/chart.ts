import type { Amount } from '@jinku/kernel';
import type { FiscalLevel } from './fiscal-level';

/** 表内 subjects balance debit against credit; 表外 subjects record custody with single-sided 收/付 lines. */
export type BalanceSheet = 'on' | 'off';
export type NormalSide = 'debit' | 'credit';

/**
 * What a subject is for (SPEC §2): budget revenue, treasury deposits, the clearing account money comes in
 * and goes out through, suspense payments (暂付款) and receipts (暂收款), inter-treasury remittance, funds
 * pending settlement, interest expense, and off-balance custody.
 */
export const SUBJECT_ROLES = [
  'revenue',
  'deposit',
  'clearing',
  'suspense_payment',
  'suspense_receipt',
  'inter_treasury',
  'pending_settlement',
  'interest_expense',
  'custody',
] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

/** A general-ledger subject (会计科目) of a treasury's chart of accounts. */
export interface Subject {
  readonly code: string;
  readonly name: string;
  readonly balanceSheet: BalanceSheet;
  /** The side that increases the balance; off-balance subjects increase on receipt (收). */
  readonly normalSide: NormalSide;
  /** Deposit accounts never go below zero (R33(6), R39(6), R45(9)). */
  readonly isDeposit: boolean;
  /** R46: local fiscal treasury, fiscal special and extra-budgetary deposits bear interest. */
  readonly interestBearing: boolean;
  readonly role: SubjectRole;
}

/** A sub-ledger account (分户账) under a subject; postings always name one. */
export interface Account {
  readonly id: string;
  readonly treasuryId: string;
  readonly number: string;
  readonly name: string;
  readonly subject: Subject;
  readonly fiscalLevel: FiscalLevel | null;
}

/** On-balance lines say debit/credit; off-balance lines say receipt (收) or payment (付). */
export type Side = 'debit' | 'credit' | 'receipt' | 'payment';

/** How a line moves the balance, in the account's normal direction. */
export function balanceEffect(subject: Subject, side: Side, amount: Amount): Amount {
  const increases = subject.balanceSheet === 'off' ? side === 'receipt' : side === subject.normalSide;
  return increases ? amount : amount.negated();
}

/** Balances that may never be negative: deposits, and custody of physical items off-balance. */
export function mustStayNonNegative(subject: Subject): boolean {
  return subject.isDeposit || subject.balanceSheet === 'off';
}
