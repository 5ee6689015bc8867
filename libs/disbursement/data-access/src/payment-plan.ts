import type { Database, Tx } from '@jinku/db';
import { assertWithinLimit, checkPaymentVoucher, keyText, type BudgetKey, type CheckedPayment, type PaymentKind } from '@jinku/disbursement-domain';
import { alreadyExists, failedPrecondition, parseAmount, sumAmounts, treasuryDate, type Actor, type Amount, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { SpecimenPresentation, Specimens } from '@jinku/seals';
import { budgetRepository, type LimitScope } from './budget-repository';
import { voucherOf, type PaymentPayload } from './payload';
import { paymentRepository } from './payment-register';

type Sql = Database['sql'] | Tx;

/** What the payment actions work with; the server passes the contexts it composed. */
export interface DisbursementDependencies {
  readonly database: Database;
  readonly ledger: Ledger;
  readonly specimens: Specimens;
  /** From this amount a payment needs the finance bureau's documents (R37); by default 5,000,000.00 yuan. */
  readonly documentedFrom?: Amount;
  /** The treasury's calendar date no voucher may be dated after; by default today's date in Asia/Shanghai. */
  readonly today?: () => BusinessDate;
}

/** One limit a payment draws on: a plan line's key or a quota's, and how much of it. */
export interface Draw {
  readonly scope: LimitScope;
  readonly key: BudgetKey;
  readonly amount: Amount;
}

/** A payment checked against the books as they stand: the accounts it moves and what it draws on. */
export interface PaymentPlan {
  readonly checked: CheckedPayment;
  /** The paying budget's treasury deposit (地方财政库款 of its level) and the clearing account money leaves by. */
  readonly depositAccount: string;
  readonly clearingAccount: string;
  readonly draws: readonly Draw[];
}

export const DEFAULT_DOCUMENTED_FROM = parseAmount('5000000.00');

export const paymentAlreadyMade = (checked: CheckedPayment) =>
  alreadyExists('PAYMENT_ALREADY_MADE', `voucher ${checked.voucher.voucherNumber.slice(0, 64)} was already paid (R39(9))`, { voucherNumber: checked.voucher.voucherNumber.slice(0, 64) });

/** The lock key of a draw, also the order draws are locked in (no two payments wait on each other). */
export const drawKey = (draw: Pick<Draw, 'scope' | 'key'>) =>
  [draw.scope.kind, draw.scope.bureauCode, draw.scope.agencyBankCode, draw.scope.budgetUnitCode, draw.scope.year, keyText(draw.key)].join('\u001f');

async function accountsOf(ledger: Ledger, treasuryId: string, level: string) {
  const accounts = await ledger.setup.accountsOf(treasuryId);
  const first = (matches: (a: (typeof accounts)[number]) => boolean) =>
    accounts
      .filter(matches)
      .sort((a, b) => a.subject.code.localeCompare(b.subject.code) || a.number.localeCompare(b.number))
      .map((a) => a.number)[0];
  const depositAccount = first((a) => a.subject.role === 'deposit' && a.fiscalLevel === level);
  const clearingAccount = first((a) => a.subject.role === 'clearing');
  if (!depositAccount) throw failedPrecondition('NO_ACCOUNT_FOR_LEVEL', `treasury ${treasuryId} keeps no ${level} treasury deposit to pay from (R35)`, { level });
  if (!clearingAccount) throw failedPrecondition('NO_CLEARING_ACCOUNT', `treasury ${treasuryId} has no clearing account`);
  return { depositAccount, clearingAccount };
}

/** The plan lines and, for a clearing request, the quotas its lines draw on, summed per key. */
async function drawsOf(sql: Sql, checked: CheckedPayment): Promise<{ draw: Draw; total: Amount | undefined; used: Amount }[]> {
  const { voucher, year } = checked;
  const byKey = new Map<string, { draw: Draw; total: Amount | undefined; used: Amount; amounts: Amount[] }>();
  for (const { line, amount } of checked.lines) {
    const scopes: LimitScope[] = [{ kind: 'plan', bureauCode: voucher.bureauCode, year, agencyBankCode: '', budgetUnitCode: '' }];
    if (voucher.kind === 'clearing') scopes.push({ kind: 'quota', bureauCode: voucher.bureauCode, year, agencyBankCode: voucher.agencyBankCode, budgetUnitCode: line.budgetUnitCode });
    for (const scope of scopes) {
      const limit = await budgetRepository.limitFor(sql, scope, line.functionCode, line.economicCode);
      // A line nothing covers is refused at once: there is no key to sum it under.
      if (!limit.key) assertWithinLimit(scope.kind, undefined, undefined, limit.used, amount);
      const draw = { scope, key: limit.key!, amount };
      const held = byKey.get(drawKey(draw));
      if (held) held.amounts.push(amount);
      else byKey.set(drawKey(draw), { draw, total: limit.total, used: limit.used, amounts: [amount] });
    }
  }
  return [...byKey.values()].map(({ draw, total, used, amounts }) => ({ draw: { ...draw, amount: sumAmounts(amounts) }, total, used }));
}

/** The voucher's own checks (R35, R37, R39(1), (2), (5), (8)), as of the treasury's today. */
export function checkedVoucher(dependencies: DisbursementDependencies, kind: PaymentKind, payload: PaymentPayload): CheckedPayment {
  const today = dependencies.today ?? (() => treasuryDate());
  return checkPaymentVoucher(voucherOf(kind, payload), today(), { documentedFrom: dependencies.documentedFrom ?? DEFAULT_DOCUMENTED_FROM });
}

/**
 * Every check of R35–R39 but the seal's, against the books as `sql` sees them: at entry, at the final approval,
 * and inside the approval's transaction after the draws' keys are locked, so what is left of each plan and quota
 * is read after every earlier payment on it committed. The balance (R39(6)) is the ledger's, at posting.
 */
export async function planPayment(
  dependencies: DisbursementDependencies,
  sql: Sql,
  kind: PaymentKind,
  treasuryId: string,
  payload: PaymentPayload,
): Promise<PaymentPlan> {
  const checked = checkedVoucher(dependencies, kind, payload);
  const { voucher } = checked;
  const { depositAccount, clearingAccount } = await accountsOf(dependencies.ledger, treasuryId, voucher.budgetLevel);
  if (await paymentRepository.voucherPaid(sql, kind, voucher.bureauCode, voucher.agencyBankCode, voucher.voucherNumber)) throw paymentAlreadyMade(checked);
  const draws = await drawsOf(sql, checked);
  for (const { draw, total, used } of draws) assertWithinLimit(draw.scope.kind, draw.key, total, used, draw.amount);
  return { checked, depositAccount, clearingAccount, draws: draws.map(({ draw }) => draw) };
}

/** Who sends the voucher: the bureau for an appropriation, the agency bank for a clearing request. */
export const senderOf = (kind: PaymentKind, voucher: { readonly bureauCode: string; readonly agencyBankCode: string }) =>
  kind === 'appropriation' ? { code: voucher.bureauCode, unitKind: 'finance_bureau' } : { code: voucher.agencyBankCode, unitKind: 'agency_bank' };

/** R39(7): the sender's seal and its representative's, checked against its card in force on the voucher's date. */
export async function assertSealed(dependencies: DisbursementDependencies, initiator: Actor, kind: PaymentKind, checked: CheckedPayment, presented: SpecimenPresentation | undefined): Promise<void> {
  const sender = senderOf(kind, checked.voucher);
  const card = await dependencies.specimens.inForce(initiator, sender.code, checked.voucherDate);
  if (card.unitKind !== sender.unitKind) {
    throw failedPrecondition('UNAUTHORIZED_SENDER', `unit ${sender.code} filed its card as a ${card.unitKind}, not as a ${sender.unitKind} (R39(7))`, { article: 'R39(7)' });
  }
  await dependencies.specimens.verifySpecimen(initiator, sender.code, presented, checked.voucherDate);
}
