import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgSchema, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The debt-redemption context's own schema: bond issues and their serials, claims and the instruments redeemed. */
export const debtRedemption = pgSchema('debt_redemption');

const money = (name: string) => numeric(name, { precision: 20, scale: 2 });
const id = () => bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity();
const recordedAt = () => timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow();

/** Bond issues (国债发行) with their terms, registered through approvals; an issue code is registered once. */
export const bondIssues = debtRedemption.table(
  'issues',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    couponRate: numeric('coupon_rate', { precision: 9, scale: 4 }).notNull(),
    valueDate: date('value_date', { mode: 'string' }).notNull(),
    maturityDate: date('maturity_date', { mode: 'string' }).notNull(),
    redeemFrom: date('redeem_from', { mode: 'string' }).notNull(),
    redeemTo: date('redeem_to', { mode: 'string' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('issues_code').on(t.code), check('issues_kind', sql`${t.kind} in ('bearer_bond', 'bond_receipt')`)],
);

/** The serials an issue sold, as runs: a prefix and numbers first..last, all of one face value. */
export const serialRanges = debtRedemption.table(
  'serial_ranges',
  {
    id: id(),
    issueCode: text('issue_code').notNull(),
    prefix: text('prefix').notNull(),
    first: bigint('first', { mode: 'number' }).notNull(),
    last: bigint('last', { mode: 'number' }).notNull(),
    faceValue: money('face_value').notNull(),
  },
  (t) => [index('serial_ranges_lookup').on(t.issueCode, t.prefix, t.first), check('serial_ranges_order', sql`${t.first} <= ${t.last}`)],
);

/**
 * Redemption claims verified (先缴券): one per claim of the entrusted bank, all its instruments checked; its
 * totals, and the off-balance voucher that recorded the instruments received.
 */
export const claims = debtRedemption.table(
  'claims',
  {
    id: id(),
    treasuryId: text('treasury_id').notNull(),
    bankPrincipal: text('bank_principal').notNull(),
    claimNumber: text('claim_number').notNull(),
    claimDate: date('claim_date', { mode: 'string' }).notNull(),
    instruments: integer('instruments').notNull(),
    faceTotal: money('face_total').notNull(),
    interestTotal: money('interest_total').notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('claims_number').on(t.bankPrincipal, t.claimNumber), index('claims_by_day').on(t.treasuryId, t.businessDate)],
);

/** Every instrument redeemed, once: the unique serial is what makes a second redemption impossible, even at once. */
export const redeemedInstruments = debtRedemption.table(
  'redeemed_instruments',
  {
    id: id(),
    claimId: bigint('claim_id', { mode: 'bigint' }).notNull(),
    issueCode: text('issue_code').notNull(),
    serial: text('serial').notNull(),
    kind: text('kind').notNull(),
    faceValue: money('face_value').notNull(),
    interest: money('interest').notNull(),
  },
  (t) => [unique('redeemed_serial').on(t.issueCode, t.serial), index('redeemed_by_claim').on(t.claimId)],
);

/** A verified claim paid to the bank (先缴券、后划款: only a recorded claim can be), once, by the year's 20 December (R50). */
export const bondPayments = debtRedemption.table(
  'payments',
  {
    id: id(),
    claimId: bigint('claim_id', { mode: 'bigint' }).notNull(),
    treasuryId: text('treasury_id').notNull(),
    payeeName: text('payee_name').notNull(),
    payeeAccount: text('payee_account').notNull(),
    bankCode: text('bank_code').notNull(),
    amount: money('amount').notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('payments_claim').on(t.claimId), unique('payments_request').on(t.approvalRequestId)],
);

/** R51: once a redemption is booked, the upper treasury is told, to pass the redemption files up to the head office. */
export const notifications = debtRedemption.table('notifications', {
  id: id(),
  claimId: bigint('claim_id', { mode: 'bigint' }).notNull(),
  treasuryId: text('treasury_id').notNull(),
  /** The parent treasury, or '' for a branch, whose upper treasury (国家金库广东省分库) is outside these books. */
  upperTreasuryId: text('upper_treasury_id').notNull(),
  summary: text('summary').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  recordedAt: recordedAt(),
});

/** Bearer bonds of a claim handed to the issuing vault's custody (交发行库保管, R49): the vault's receipt and who took them. */
export const vaultHandovers = debtRedemption.table(
  'vault_handovers',
  {
    id: id(),
    claimId: bigint('claim_id', { mode: 'bigint' }).notNull(),
    treasuryId: text('treasury_id').notNull(),
    vaultReceipt: text('vault_receipt').notNull(),
    receivedBy: text('received_by').notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('vault_handovers_claim').on(t.claimId)],
);

/** Bearer bonds of a claim destroyed in a later year before witnesses, and written off the off-balance books (R50). */
export const destructions = debtRedemption.table(
  'destructions',
  {
    id: id(),
    claimId: bigint('claim_id', { mode: 'bigint' }).notNull(),
    treasuryId: text('treasury_id').notNull(),
    faceValue: money('face_value').notNull(),
    witnesses: text('witnesses').array().notNull(),
    document: text('document').notNull(),
    voucherId: bigint('voucher_id', { mode: 'bigint' }).notNull(),
    approvalRequestId: text('approval_request_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recordedAt: recordedAt(),
  },
  (t) => [unique('destructions_claim').on(t.claimId)],
);
