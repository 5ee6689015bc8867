import { invalidArgument, parseAmount, type Amount } from '@jinku/kernel';
import type { Ledger, OpeningBalance } from '@jinku/ledger';
import type { ActionDefinition } from '../action';
import { objectOf, optionalText, text } from './payload';

interface OpeningBalances {
  readonly treasuryId: string;
  readonly balances: readonly { readonly accountNumber: string; readonly balance: string; readonly carriedAccumulation: string | null }[];
}

/** Not negative: balances are in the account's normal direction, and zero is a balance too. */
function nonNegative(text: string, field: string): Amount {
  const amount = parseAmount(text, field);
  if (amount.isNegative()) throw invalidArgument('NEGATIVE_OPENING_BALANCE', `${field} is in the account's normal direction, not negative`, { field });
  return amount;
}

const toLedger = (payload: OpeningBalances): OpeningBalance[] =>
  payload.balances.map((b) => ({
    accountNumber: b.accountNumber,
    balance: parseAmount(b.balance),
    carriedAccumulation: b.carriedAccumulation === null ? null : parseAmount(b.carriedAccumulation),
  }));

/**
 * 期初余额 (R18(3), R19(3), R48): a treasury moving onto Jinku enters the balances it brings and, for
 * interest-bearing accounts, the 计息积数 of the period under way. Reviewed and approved by the supervisor;
 * posted as one balanced voucher on its first business day, once.
 */
export function openingBalancesAction(ledger: Ledger): ActionDefinition<OpeningBalances> {
  return {
    policy: { kind: 'opening_balances', permission: 'opening_balance.enter' },
    async parse(payload, treasuryId) {
      const list = objectOf(payload)['balances'];
      if (!Array.isArray(list) || list.length === 0) throw invalidArgument('MALFORMED_PAYLOAD', 'payload.balances must be a non-empty array');
      const balances = list.map((raw, index) => {
        const entry = objectOf(raw);
        const field = `payload.balances[${index}]`;
        const carried = optionalText(entry, 'carriedAccumulation');
        return {
          accountNumber: text(entry, 'accountNumber'),
          balance: nonNegative(text(entry, 'balance'), `${field}.balance`).toFixed(2),
          carriedAccumulation: carried === null ? null : nonNegative(carried, `${field}.carriedAccumulation`).toFixed(2),
        };
      });
      const parsed = { treasuryId, balances };
      await ledger.checkOpeningBalances(treasuryId, toLedger(parsed));
      return parsed;
    },
    targetOf: (payload) => `opening-balances:${payload.treasuryId}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, payload, context) {
      const approval = { checkerId: context.approver.userId, requestId: context.requestId };
      const posted = await ledger.postOpeningBalancesWithin(tx, context.initiator, approval, context.treasuryId, toLedger(payload));
      return { voucherId: posted.voucher.id, businessDate: posted.voucher.businessDate, accumulationThrough: posted.accumulationThrough };
    },
  };
}
