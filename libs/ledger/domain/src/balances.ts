import { failedPrecondition, fitsTheBooks, type Amount } from '@jinku/kernel';
import { balanceEffect, mustStayNonNegative } from './chart';
import type { PostingLine } from './voucher';

/**
 * Applies a voucher's lines to running balances (account id → balance in its normal direction) and
 * returns the new balances of the accounts it touches. Refuses, changing nothing, when a deposit or
 * custody balance would go below zero (R33(6), R39(6), R45(9)), or when a balance would leave the range
 * the books store (below 10^18 yuan): that voucher alone is refused, before any SQL runs.
 */
export function applyToBalances(lines: readonly PostingLine[], balances: ReadonlyMap<string, Amount>): Map<string, Amount> {
  const next = new Map<string, Amount>();
  for (const line of lines) {
    const id = line.account.id;
    const current = next.get(id) ?? balances.get(id);
    if (current === undefined) throw new Error(`balance of account ${id} was not loaded`);
    next.set(id, current.plus(balanceEffect(line.account.subject, line.side, line.amount)));
  }
  for (const line of lines) {
    const balance = next.get(line.account.id)!;
    if (mustStayNonNegative(line.account.subject) && balance.isNegative()) {
      throw failedPrecondition('INSUFFICIENT_BALANCE', `account ${line.account.number} would be overdrawn`, {
        account: line.account.number,
        available: balances.get(line.account.id)!.toFixed(2),
      });
    }
    if (!fitsTheBooks(balance)) {
      throw failedPrecondition('BALANCE_OVERFLOW', `account ${line.account.number} would reach 10^18 yuan or more, beyond what the books hold`, {
        account: line.account.number,
        balance: balances.get(line.account.id)!.toFixed(2),
      });
    }
  }
  return next;
}
