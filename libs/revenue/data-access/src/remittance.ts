import type { Database, Tx } from '@jinku/db';
import { authorize, formatAmount, parseAmount, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { FiscalLevel, VoucherDraft } from '@jinku/ledger-domain';
import type { RevenueRouting } from './routing';

/** One transfer of a day's parts to the treasury that keeps their level; a negative amount came back from it. */
export interface RemittanceView {
  readonly id: string;
  readonly fromTreasuryId: string;
  readonly toTreasuryId: string;
  readonly level: FiscalLevel;
  readonly amount: string;
  readonly businessDate: BusinessDate;
  readonly fromVoucherId: string;
  readonly toVoucherId: string;
  readonly receipts: number;
}

interface Pending {
  to_treasury_id: string;
  level: FiscalLevel;
  amount: string;
  receipts: number;
  batch: number;
}

const remitLockKey = (treasuryId: string) => `revenue-remit\u001f${treasuryId}`;

/**
 * What a treasury's day still owes other treasuries, per receiving treasury and level: the parts of the
 * day's receipts kept elsewhere, plus the day's refunds and corrections of such parts (signed), less what earlier batches of the day
 * sent — negative when refunds outran it and the keeper owes back — with the next batch number.
 */
function pendingOf(tx: Tx, treasuryId: string, day: BusinessDate) {
  return tx<Pending[]>`
    with movements as (
      select p->>'treasuryId' as to_treasury_id, p->>'level' as level, (p->>'amount')::numeric as amount, 1 as receipts, 0 as batch
      from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
      where r.treasury_id = ${treasuryId} and r.business_date = ${day} and p->>'treasuryId' <> ${treasuryId}
      union all
      select keeper_treasury_id, level, amount, 0, 0 from revenue.adjustments
      where treasury_id = ${treasuryId} and business_date = ${day} and keeper_treasury_id <> ${treasuryId}
      union all
      select to_treasury_id, level, -amount, -receipts, batch from revenue.remittances where from_treasury_id = ${treasuryId} and business_date = ${day}
    )
    select to_treasury_id, level, sum(amount)::text as amount, greatest(sum(receipts), 0)::int as receipts, max(batch) + 1 as batch
    from movements group by 1, 2 having sum(amount) <> 0
    order by 1, 2`;
}

const transfer = (summary: string, reference: string, lines: VoucherDraft['lines']): VoucherDraft => ({
  kind: 'ordinary',
  summary,
  documents: [{ kind: 'remittance', reference }],
  lines,
});

/**
 * Day end (报解/上划, R31): sends the open day's parts kept by other treasuries, one transfer per receiving
 * treasury and level. Both books move in one transaction — the sender debits the inter-treasury account
 * and credits its clearing account, the receiver debits its clearing account and credits the level's
 * account — so they always agree. Under a per-treasury lock; nothing owed, nothing sent.
 */
export async function remitDay(database: Database, ledger: Ledger, routing: RevenueRouting, actor: Actor, treasuryId: string): Promise<RemittanceView[]> {
  authorize(actor, 'revenue.remit', treasuryId);
  const day = (await ledger.days.current(treasuryId)).date;
  const [interTreasury, clearing] = [await routing.interTreasuryAccount(treasuryId), await routing.clearingAccount(treasuryId)];
  return database.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${remitLockKey(treasuryId)}, 0))`;
    const sent: RemittanceView[] = [];
    for (const pending of await pendingOf(tx, treasuryId, day)) {
      const owed = parseAmount(pending.amount);
      const amount = owed.abs();
      const { to_treasury_id: to, level, batch } = pending;
      const key = `remit:${treasuryId}:${day}:${to}:${level}:${batch}`;
      // Owed: the sender pays out of its inter-treasury claim; owed back (refunds outran it): the keeper returns.
      const [payer, payee] = owed.isPositive() ? [treasuryId, to] : [to, treasuryId];
      const summary = `${owed.isPositive() ? '上划' : '退回'} ${level} 级收入 ${day} ${payer} → ${payee}（${pending.receipts} 笔）`;
      const line = (accountNumber: string, side: 'debit' | 'credit', fiscalLevel: FiscalLevel | null = null) => ({ accountNumber, side, amount, fiscalLevel, classificationCode: null });
      const senderLines = owed.isPositive() ? [line(interTreasury, 'debit'), line(clearing, 'credit')] : [line(clearing, 'debit'), line(interTreasury, 'credit')];
      const [keeperClearing, keeperLevel] = [await routing.clearingAccount(to), await routing.levelAccount(to, level)];
      const keeperLines = owed.isPositive()
        ? [line(keeperClearing, 'debit'), line(keeperLevel, 'credit', level)]
        : [line(keeperLevel, 'debit', level), line(keeperClearing, 'credit')];
      const [fromVoucher, toVoucher] = await ledger.postWithin(tx, actor, [
        { purpose: `${key}:out`, treasuryId, draft: transfer(summary, key, senderLines) },
        { purpose: `${key}:in`, treasuryId: to, draft: transfer(summary, key, keeperLines) },
      ]);
      const [row] = await tx<{ id: string }[]>`
        insert into revenue.remittances (from_treasury_id, business_date, to_treasury_id, level, batch, amount, receipts, from_voucher_id, to_voucher_id)
        values (${treasuryId}, ${day}, ${to}, ${level}, ${batch}, ${formatAmount(owed)}, ${pending.receipts}, ${fromVoucher!.id}, ${toVoucher!.id})
        returning id`;
      sent.push({ id: row!.id, fromTreasuryId: treasuryId, toTreasuryId: to, level, amount: formatAmount(owed), businessDate: day, fromVoucherId: fromVoucher!.id, toVoucherId: toVoucher!.id, receipts: pending.receipts });
    }
    return sent;
  });
}

/** The day close's check (R22, R31): a day closes only once every part kept elsewhere has been sent. */
export async function unremittedMessage(tx: Tx, treasuryId: string, day: BusinessDate): Promise<string | null> {
  const pending = await pendingOf(tx, treasuryId, day);
  if (pending.length === 0) return null;
  const owed = pending.map((p) => `${p.amount} ${p.level} → ${p.to_treasury_id}`).join(', ');
  return `revenue parts not yet remitted (RemitRevenue first): ${owed}`;
}
