import { failedPrecondition } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { SubjectRole } from '@jinku/ledger-domain';
import type { TreasuryKind } from '@jinku/refunds-domain';

/** What a refund needs of a treasury's books: what kind of treasury it is, and the accounts money leaves by. */
export interface RefundBooks {
  readonly treasuryKind: TreasuryKind;
  /** 清算账户: the refund leaves the treasury through it, to the payer's bank. */
  readonly clearingAccount: string;
  /** 中央预算收入: an export refund by plan is central revenue returned; undefined where central revenue is not kept. */
  readonly centralRevenueAccount: string | undefined;
}

/** Read from the ledger's reference data for each request: refunds are few, and the chart rarely changes. */
export async function refundBooksOf(ledger: Ledger, treasuryId: string): Promise<RefundBooks> {
  const [treasuries, accounts] = await Promise.all([ledger.setup.treasuries(), ledger.setup.accountsOf(treasuryId)]);
  const treasury = treasuries.find((t) => t.id === treasuryId);
  if (!treasury) throw failedPrecondition('UNKNOWN_TREASURY', `no treasury ${treasuryId}`);
  const first = (role: SubjectRole, level?: string) =>
    accounts
      .filter((a) => a.subject.role === role && (level === undefined || a.fiscalLevel === level))
      .map((a) => a.number)
      .sort()[0];
  const clearingAccount = first('clearing');
  if (!clearingAccount) throw failedPrecondition('NO_CLEARING_ACCOUNT', `treasury ${treasuryId} has no clearing account`);
  return { treasuryKind: treasury.parentId === null ? 'branch' : 'sub_treasury', clearingAccount, centralRevenueAccount: first('revenue', 'central') };
}
