import type { Account, Subject } from './chart';

/** A tiny chart for the pure tests: one revenue, one deposit, one clearing and one custody subject. */
export const subjects = {
  centralRevenue: { code: '1011', name: '中央预算收入', balanceSheet: 'on', normalSide: 'credit', isDeposit: false, interestBearing: false, role: 'revenue' },
  localDeposit: { code: '2011', name: '地方财政库款', balanceSheet: 'on', normalSide: 'credit', isDeposit: true, interestBearing: true, role: 'deposit' },
  clearing: { code: '1051', name: '清算账户', balanceSheet: 'on', normalSide: 'debit', isDeposit: false, interestBearing: false, role: 'clearing' },
  bondReceipts: { code: '7011', name: '国债收款单', balanceSheet: 'off', normalSide: 'debit', isDeposit: false, interestBearing: false, role: 'custody' },
} satisfies Record<string, Subject>;

export function account(id: string, subject: Subject): Account {
  return { id, treasuryId: 'SZ', number: `${subject.code}-${id}`, name: subject.name, subject, fiscalLevel: null };
}
