import type { ActionDefinition } from '@jinku/approvals';
import { failedPrecondition, invalidArgument, parseBusinessDate, type Amount } from '@jinku/kernel';
import { periodEndingOn } from '@jinku/interest-domain';
import type { Ledger } from '@jinku/ledger';
import type { VoucherLineDraft } from '@jinku/ledger-domain';
import { Decimal } from 'decimal.js';
import type { Interest } from './interest';

interface InterestCorrection {
  readonly settlementDay: string;
  readonly accountNumber: string;
}

const INTEREST_EXPENSE_ACCOUNT = '501100';

/**
 * R48 corrections: a settled period's interest is recomputed for one account; too little is paid through
 * the same flow (debit interest expense, credit the level's treasury account), too much is reversed and
 * returned (the opposite lines). An error correction, so reviewed and approved by the supervisor (R19(3)).
 */
export function interestCorrectionAction(ledger: Ledger, interest: Interest): ActionDefinition<InterestCorrection> {
  return {
    policy: { kind: 'interest_correction', permission: 'interest.correct' },
    async parse(payload, treasuryId) {
      const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
      const settlementDay = parseBusinessDate(String(record['settlementDay'] ?? ''), 'payload.settlementDay');
      periodEndingOn(settlementDay);
      const accountNumber = String(record['accountNumber'] ?? '');
      if (!accountNumber) throw invalidArgument('MALFORMED_PAYLOAD', 'payload.accountNumber is required');
      await ledger.accounts.get(treasuryId, accountNumber);
      return { settlementDay, accountNumber };
    },
    targetOf: (c) => `interest:${c.settlementDay}:${c.accountNumber}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, correction, context) {
      const { account } = await ledger.accounts.get(context.treasuryId, correction.accountNumber);
      const [recorded] = await tx<{ amount: string }[]>`
        select coalesce(
          (select c.correct_amount from interest.corrections c
           where c.account_id = r.account_id and c.settlement_day = r.settlement_day order by c.created_at desc limit 1),
          r.amount)::text as amount
        from interest.runs r where r.account_id = ${account.id} and r.settlement_day = ${correction.settlementDay}::date
        for update`;
      if (!recorded) throw failedPrecondition('PERIOD_NOT_SETTLED', `no interest was settled for ${correction.accountNumber} on ${correction.settlementDay}`);
      const fresh = await interest.recompute(context.treasuryId, correction.settlementDay, account.id);
      if (!fresh?.creditAccount) throw failedPrecondition('NOT_INTEREST_BEARING', `${correction.accountNumber} earns no interest`);
      const difference = fresh.interest.minus(new Decimal(recorded.amount));
      if (difference.isZero()) throw failedPrecondition('NO_DIFFERENCE', `the recorded interest ${recorded.amount} is right`);
      const voucher = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        draft: {
          kind: 'ordinary',
          summary: `${correction.settlementDay} 结息更正 ${correction.accountNumber} ${difference.isPositive() ? '补付' : '退回'} ${difference.abs().toFixed(2)}`,
          documents: [{ kind: 'interest_correction', reference: `request:${context.requestId}` }],
          lines: correctionLines(difference, fresh.creditAccount),
        },
      });
      await tx`
        insert into interest.corrections (approval_request_id, treasury_id, account_id, settlement_day, recorded_amount, correct_amount, voucher_id)
        values (${context.requestId}, ${context.treasuryId}, ${account.id}, ${correction.settlementDay}::date, ${recorded.amount}::numeric,
                ${fresh.interest.toFixed(2)}::numeric, ${voucher.id})`;
      return { difference: difference.toFixed(2), voucherId: voucher.id };
    },
  };
}

/** Too little: pay the difference as interest; too much: return it from the treasury account. */
function correctionLines(difference: Amount, creditAccount: string): VoucherLineDraft[] {
  const amount = difference.abs();
  const [debit, credit] = difference.isPositive() ? [INTEREST_EXPENSE_ACCOUNT, creditAccount] : [creditAccount, INTEREST_EXPENSE_ACCOUNT];
  return [
    { accountNumber: debit, side: 'debit', amount, fiscalLevel: null, classificationCode: null },
    { accountNumber: credit, side: 'credit', amount, fiscalLevel: null, classificationCode: null },
  ];
}
