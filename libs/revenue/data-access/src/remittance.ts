import type { Database, Tx } from '@jinku/db';
import { authorize, formatAmount, parsePositiveAmount, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { FiscalLevel, VoucherDraft } from '@jinku/ledger-domain';
import type { RevenueRouting } from './routing';

/** One transfer of a day's parts to the treasury that keeps their level. */
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
 * What a treasury's day still owes other treasuries: per receiving treasury and level, the parts of the
 * day's receipts kept elsewhere less what earlier batches of the same day sent, and the next batch number.
 */
function pendingOf(tx: Tx, treasuryId: string, day: BusinessDate) {
  return tx<Pending[]>`
    with parts as (
      select p->>'treasuryId' as to_treasury_id, p->>'level' as level, sum((p->>'amount')::numeric) as amount, count(*)::int as receipts
      from revenue.receipts r cross join lateral jsonb_array_elements(r.parts) p
      where r.treasury_id = ${treasuryId} and r.business_date = ${day} and p->>'treasuryId' <> ${treasuryId}
      group by 1, 2
    ), sent as (
      select to_treasury_id, level, sum(amount) as amount, sum(receipts)::int as receipts, max(batch) as batch
      from revenue.remittances where from_treasury_id = ${treasuryId} and business_date = ${day}
      group by 1, 2
    )
    select parts.to_treasury_id, parts.level, (parts.amount - coalesce(sent.amount, 0))::text as amount,
           parts.receipts - coalesce(sent.receipts, 0) as receipts, coalesce(sent.batch, 0) + 1 as batch
    from parts left join sent using (to_treasury_id, level)
    where parts.amount > coalesce(sent.amount, 0)
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
      const amount = parsePositiveAmount(pending.amount);
      const { to_treasury_id: to, level, batch } = pending;
      const key = `remit:${treasuryId}:${day}:${to}:${level}:${batch}`;
      const summary = `上划 ${level} 级收入 ${day} → ${to}（${pending.receipts} 笔）`;
      const [fromVoucher, toVoucher] = await ledger.postWithin(tx, actor, [
        {
          purpose: `${key}:out`,
          treasuryId,
          draft: transfer(summary, key, [
            { accountNumber: interTreasury, side: 'debit', amount, fiscalLevel: null, classificationCode: null },
            { accountNumber: clearing, side: 'credit', amount, fiscalLevel: null, classificationCode: null },
          ]),
        },
        {
          purpose: `${key}:in`,
          treasuryId: to,
          draft: transfer(summary, key, [
            { accountNumber: await routing.clearingAccount(to), side: 'debit', amount, fiscalLevel: null, classificationCode: null },
            { accountNumber: await routing.levelAccount(to, level), side: 'credit', amount, fiscalLevel: level, classificationCode: null },
          ]),
        },
      ]);
      const [row] = await tx<{ id: string }[]>`
        insert into revenue.remittances (from_treasury_id, business_date, to_treasury_id, level, batch, amount, receipts, from_voucher_id, to_voucher_id)
        values (${treasuryId}, ${day}, ${to}, ${level}, ${batch}, ${formatAmount(amount)}, ${pending.receipts}, ${fromVoucher!.id}, ${toVoucher!.id})
        returning id`;
      sent.push({ id: row!.id, fromTreasuryId: treasuryId, toTreasuryId: to, level, amount: formatAmount(amount), businessDate: day, fromVoucherId: fromVoucher!.id, toVoucherId: toVoucher!.id, receipts: pending.receipts });
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
