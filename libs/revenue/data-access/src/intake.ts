import type { Database, Tx } from '@jinku/db';
import {
  checkText,
  DomainError,
  failedPrecondition,
  formatAmount,
  invalidArgument,
  parseBusinessDate,
  parsePositiveAmount,
  type Actor,
  type Amount,
  type BusinessDate,
} from '@jinku/kernel';
import type { Ledger, PostingOutcome } from '@jinku/ledger';
import type { FiscalLevel, VoucherDraft } from '@jinku/ledger-domain';
import { divide, ruleInForce, sharesFor, type BudgetLevelDesignation } from '@jinku/revenue-domain';
import type { RevenueRouting } from './routing';
import { sharingRuleRepository, type RecordedSharingRule } from './sharing-rules';

/** A receipt (缴款书) as the collecting authority's link sends it; every field a string, as on the wire. */
export interface ReceiptInput {
  /** The collecting authority (征收机关) code; message ids are unique per authority. */
  readonly authorityCode: string;
  readonly messageId: string;
  readonly revenueCode: string;
  /** `shared` (divided by the sharing rule in force) or one level: `central`, `provincial`, `municipal`, `district`. */
  readonly designation: string;
  /** Six-digit administrative region of the payer. */
  readonly region: string;
  readonly payerName: string;
  readonly payerAccount: string;
  readonly amount: string;
  readonly collectionDate: string;
}

export interface ReceiptPart {
  readonly level: FiscalLevel;
  readonly amount: string;
  /** The account credited at the booking treasury: the level's own, or the inter-treasury account. */
  readonly accountNumber: string;
  /** The treasury that keeps the level (where a remitted part goes). */
  readonly treasuryId: string;
}

export type ReceiptOutcome =
  | { readonly ok: true; readonly voucherId: string; readonly businessDate: BusinessDate; readonly parts: readonly ReceiptPart[]; readonly replayed: boolean }
  | { readonly ok: false; readonly error: DomainError };

interface CheckedReceipt {
  readonly input: ReceiptInput;
  readonly amount: Amount;
  readonly collectionDate: BusinessDate;
  readonly rule: RecordedSharingRule | undefined;
  readonly parts: readonly ReceiptPart[];
  /** Each part's amount as divided, in the order of `parts` (what the voucher credits). */
  readonly partAmounts: readonly Amount[];
}

/** What one receipt's texts may hold: the authority's own forms. */
const LIMITS = { authorityCode: 20, messageId: 64, payerName: 200, payerAccount: 40 } as const;
const REVENUE_CODE = /^[0-9]{3,9}$/;
const REGION = /^[0-9]{6}$/;
/** Tax revenue (税收收入, codes 101…) of the whole jurisdiction is booked at the branch (R23). */
const TAX_REVENUE_PREFIX = '101';

const purposeOf = (input: ReceiptInput) => `receipt:${input.authorityCode}:${input.messageId}`;

function text(value: string, field: keyof typeof LIMITS): string {
  if (!value.trim()) throw invalidArgument('MISSING_FIELD', `${field} is required`, { field });
  return checkText(value, field, LIMITS[field]);
}

/** A receipt's own elements, before anything is looked up (R26: every element present and well-formed). */
function elementsOf(input: ReceiptInput, treasury: { id: string; isBranch: boolean }, businessDate: BusinessDate) {
  text(input.authorityCode, 'authorityCode');
  text(input.messageId, 'messageId');
  text(input.payerName, 'payerName');
  text(input.payerAccount, 'payerAccount');
  if (!REVENUE_CODE.test(input.revenueCode)) throw invalidArgument('MALFORMED_REVENUE_CODE', 'revenue_code is 3 to 9 digits (政府收支分类科目)', { field: 'revenue_code' });
  if (!REGION.test(input.region)) throw invalidArgument('MALFORMED_REGION', 'region is a six-digit administrative code', { field: 'region' });
  const amount = parsePositiveAmount(input.amount, 'amount');
  const collectionDate = parseBusinessDate(input.collectionDate, 'collection_date');
  if (collectionDate > businessDate) {
    throw invalidArgument('COLLECTED_AFTER_BUSINESS_DAY', `collected on ${collectionDate}, after the business day ${businessDate}`, { field: 'collection_date' });
  }
  assertBookableAt(input.revenueCode, treasury);
  return { amount, collectionDate };
}

/** R23: tax revenue of the whole jurisdiction is booked at the branch; a sub-treasury books its own non-tax revenue. */
export function assertBookableAt(revenueCode: string, treasury: { id: string; isBranch: boolean }): void {
  if (!treasury.isBranch && revenueCode.startsWith(TAX_REVENUE_PREFIX)) {
    throw failedPrecondition('TAX_REVENUE_AT_BRANCH', `tax revenue (${revenueCode}) is booked at the branch for the whole jurisdiction, not at ${treasury.id} (R23)`);
  }
}

function draftOf(clearingAccount: string, checked: CheckedReceipt): VoucherDraft {
  const { input } = checked;
  return {
    kind: 'ordinary',
    summary: `缴款书 ${input.revenueCode} ${input.payerName} ${input.payerAccount} 征收机关 ${input.authorityCode} 缴款日 ${checked.collectionDate} 区划 ${input.region} 级次 ${input.designation}`,
    documents: [{ kind: 'payment_receipt', reference: `${input.authorityCode}/${input.messageId}` }],
    lines: [
      { accountNumber: clearingAccount, side: 'debit', amount: checked.amount, fiscalLevel: null, classificationCode: null },
      ...checked.parts.flatMap((part, i) => {
        const amount = checked.partAmounts[i]!;
        // A level whose share rounds to nothing gets no line (its part is still answered, as 0.00).
        return amount.isZero() ? [] : [{ accountNumber: part.accountNumber, side: 'credit' as const, amount, fiscalLevel: part.level, classificationCode: input.revenueCode }];
      }),
    ],
  };
}

/**
 * Takes in a batch of receipts for the actor's treasury: each checked, divided by the sharing rule in force
 * on its collection date (R31) and posted as its own voucher, standing or falling alone; the answer says,
 * receipt by receipt, where each level's part went or why the receipt was refused.
 */
export async function takeInReceipts(
  database: Database,
  ledger: Ledger,
  routing: RevenueRouting,
  actor: Actor,
  inputs: readonly ReceiptInput[],
): Promise<ReceiptOutcome[]> {
  const { treasuryId, jurisdictionId } = actor;
  const isBranch = jurisdictionId === treasuryId;
  // Read once per chunk, together: the open day, the jurisdiction's rules and where the treasury's parts go.
  const [day, rules, creditFor] = await Promise.all([
    ledger.days.current(treasuryId),
    sharingRuleRepository.inForce(database.sql, jurisdictionId),
    routing.routerFor(treasuryId),
  ]);
  const businessDate = day.date;
  // Receipts of a chunk share a few codes, regions and dates: each rule in force is looked up once.
  const rulesInForce = new Map<string, RecordedSharingRule | undefined>();
  const ruleFor = (revenueCode: string, region: string, date: BusinessDate): RecordedSharingRule | undefined => {
    const key = `${revenueCode}\u001f${region}\u001f${date}`;
    if (!rulesInForce.has(key)) {
      // The rules given are recorded ones, so the one in force is too.
      rulesInForce.set(key, ruleInForce(rules, revenueCode, region, date) as RecordedSharingRule | undefined);
    }
    return rulesInForce.get(key);
  };

  const outcomes: ReceiptOutcome[] = new Array(inputs.length);
  const checked: { index: number; receipt: CheckedReceipt }[] = [];
  for (const [index, input] of inputs.entries()) {
    try {
      const { amount, collectionDate } = elementsOf(input, { id: treasuryId, isBranch }, businessDate);
      const rule = input.designation === 'shared' ? ruleFor(input.revenueCode, input.region, collectionDate) : undefined;
      const shares = sharesFor(input.designation as BudgetLevelDesignation, rule, { revenueCode: input.revenueCode, region: input.region, date: collectionDate });
      // Checked, divided and routed in memory: nothing here waits on the database.
      const divided = divide(amount, shares);
      const parts = divided.map((part) => ({ level: part.level, amount: formatAmount(part.amount), ...creditFor(part.level, input.region) }));
      checked.push({ index, receipt: { input, amount, collectionDate, rule, parts, partAmounts: divided.map((part) => part.amount) } });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[index] = { ok: false, error };
    }
  }

  // Money comes in through the treasury's clearing account (清算账户).
  const clearingAccount = checked.length > 0 ? await routing.clearingAccount(treasuryId) : '';
  // Vouchers and receipt rows commit together, and the day they post on cannot close in between: the
  // register, the remittance owed and the day's reports always agree with the books.
  await database.sql.begin(async (tx) => {
    const posted: PostingOutcome[] = await ledger.postDerived(
      actor,
      checked.map(({ receipt }) => ({ treasuryId, purpose: purposeOf(receipt.input), draft: draftOf(clearingAccount, receipt) })),
      tx,
    );
    const recorded: { receipt: CheckedReceipt; voucherId: string; businessDate: BusinessDate }[] = [];
    checked.forEach(({ index, receipt }, i) => {
      const outcome = posted[i]!;
      if (!outcome.ok) {
        outcomes[index] = { ok: false, error: outcome.error };
        return;
      }
      recorded.push({ receipt, voucherId: outcome.voucher.id, businessDate: outcome.voucher.businessDate });
      outcomes[index] = { ok: true, voucherId: outcome.voucher.id, businessDate: outcome.voucher.businessDate, parts: receipt.parts, replayed: outcome.replayed };
    });
    await recordReceipts(tx, treasuryId, actor.userId, recorded);
  });
  return outcomes;
}

/** The register of receipts, in the vouchers' transaction; a retry's row is already there and stays as it is. */
async function recordReceipts(tx: Tx, treasuryId: string, principalId: string, recorded: readonly { receipt: CheckedReceipt; voucherId: string; businessDate: BusinessDate }[]): Promise<void> {
  if (recorded.length === 0) return;
  const rows = recorded.map(({ receipt, voucherId, businessDate }) => ({
    treasury_id: treasuryId,
    authority_code: receipt.input.authorityCode,
    message_id: receipt.input.messageId,
    principal_id: principalId,
    revenue_code: receipt.input.revenueCode,
    designation: receipt.input.designation,
    region: receipt.input.region,
    payer_name: receipt.input.payerName,
    payer_account: receipt.input.payerAccount,
    amount: formatAmount(receipt.amount),
    collection_date: receipt.collectionDate,
    business_date: businessDate,
    parts: receipt.parts,
    sharing_rule_id: receipt.rule?.id ?? null,
    voucher_id: voucherId,
  }));
  // The chunk as one JSON document, one parameter: no per-row binding, and the same prepared statement whatever the count.
  await tx`
    insert into revenue.receipts (treasury_id, authority_code, message_id, principal_id, revenue_code, designation, region, payer_name, payer_account,
                                  amount, collection_date, business_date, parts, sharing_rule_id, voucher_id)
    select treasury_id, authority_code, message_id, principal_id, revenue_code, designation, region, payer_name, payer_account,
           amount, collection_date, business_date, parts, sharing_rule_id, voucher_id
    from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as r(treasury_id text, authority_code text, message_id text, principal_id text, revenue_code text,
      designation text, region text, payer_name text, payer_account text, amount numeric, collection_date date, business_date date, parts jsonb,
      sharing_rule_id bigint, voucher_id bigint)
    on conflict on constraint receipts_message do nothing`;
}
