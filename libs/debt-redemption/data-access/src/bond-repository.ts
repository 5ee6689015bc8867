import type { Database, Tx } from '@jinku/db';
import { parseSerial, type BondIssue, type ClaimedInstrument, type InstrumentKind, type RegisteredInstrument, type VerifiedInstrument } from '@jinku/debt-redemption-domain';
import type { BusinessDate } from '@jinku/kernel';
import { Decimal } from 'decimal.js';

type Sql = Database['sql'] | Tx;

/** A claim verified and recorded, as the register holds it; amounts and dates as text, exactly as stored. */
export interface ClaimRecord {
  readonly id: string;
  readonly treasuryId: string;
  readonly bankPrincipal: string;
  readonly claimNumber: string;
  readonly claimDate: BusinessDate;
  readonly instruments: number;
  readonly faceTotal: string;
  readonly interestTotal: string;
  readonly voucherId: string;
  readonly businessDate: BusinessDate;
  readonly recordedAt: Date;
}

interface IssueRow {
  code: string;
  name: string;
  kind: InstrumentKind;
  coupon_rate: string;
  value_date: string;
  maturity_date: string;
  redeem_from: string;
  redeem_to: string;
}

const issueOf = (row: IssueRow): BondIssue => ({
  code: row.code,
  name: row.name,
  kind: row.kind,
  couponRate: new Decimal(row.coupon_rate),
  valueDate: row.value_date,
  maturityDate: row.maturity_date,
  redeemFrom: row.redeem_from,
  redeemTo: row.redeem_to,
  ranges: [],
});

const CLAIM_COLUMNS = `id, treasury_id as "treasuryId", bank_principal as "bankPrincipal", claim_number as "claimNumber",
  claim_date::text as "claimDate", instruments, face_total::text as "faceTotal", interest_total::text as "interestTotal",
  voucher_id as "voucherId", business_date::text as "businessDate", recorded_at as "recordedAt"`;

const instrumentKey = (issueCode: string, serial: string) => `${issueCode}\u001f${serial}`;

/** One issue's line of the redemption report; amounts as text, exactly as PostgreSQL summed them. */
export interface ReportRow {
  readonly issueCode: string;
  readonly kind: InstrumentKind;
  readonly redeemedInPeriod: number;
  readonly faceInPeriod: string;
  readonly interestInPeriod: string;
  readonly redeemedToDate: number;
  readonly paidToDate: string;
  readonly writtenOffToDate: string;
  readonly heldFace: string;
}

/** The SQL of issues, serials, claims and redeemed instruments; claims are checked set-based, whatever their size. */
export const bondRepository = {
  async issueExists(sql: Sql, code: string): Promise<boolean> {
    const [row] = await sql`select 1 from debt_redemption.issues where code = ${code}`;
    return row !== undefined;
  },

  async addIssue(tx: Tx, issue: BondIssue, approvalRequestId: string): Promise<void> {
    await tx`
      insert into debt_redemption.issues (code, name, kind, coupon_rate, value_date, maturity_date, redeem_from, redeem_to, approval_request_id)
      values (${issue.code}, ${issue.name}, ${issue.kind}, ${issue.couponRate.toString()}, ${issue.valueDate}, ${issue.maturityDate},
              ${issue.redeemFrom}, ${issue.redeemTo}, ${approvalRequestId})`;
    await tx`insert into debt_redemption.serial_ranges ${tx(
      issue.ranges.map((range) => ({ issue_code: issue.code, prefix: range.prefix, first: range.first, last: range.last, face_value: range.faceValue.toFixed(2) })),
    )}`;
  },

  async issues(sql: Sql): Promise<BondIssue[]> {
    const rows = await sql<IssueRow[]>`
      select code, name, kind, coupon_rate::text as coupon_rate, value_date::text as value_date, maturity_date::text as maturity_date,
             redeem_from::text as redeem_from, redeem_to::text as redeem_to
      from debt_redemption.issues order by code`;
    return rows.map(issueOf);
  },

  /**
   * What the registry says of each claimed instrument, in one statement: the run that sold its serial (its issue
   * and face value) and whether it was redeemed before. Keyed by issue code and canonical serial; absent when no
   * run sold it.
   */
  async registryOf(sql: Sql, claimed: readonly ClaimedInstrument[]): Promise<Map<string, RegisteredInstrument>> {
    const parsed = claimed.flatMap((instrument) => {
      const serial = parseSerial(instrument.serial);
      return serial ? [{ ...instrument, ...serial }] : [];
    });
    if (parsed.length === 0) return new Map();
    const rows = await sql<{ issue_code: string; serial: string; face_value: string; redeemed: boolean }[]>`
      select c.issue_code, c.serial, r.face_value::text as face_value,
             exists (select 1 from debt_redemption.redeemed_instruments x where x.issue_code = c.issue_code and x.serial = c.serial) as redeemed
      from unnest(${parsed.map((p) => p.issueCode)}::text[], ${parsed.map((p) => p.canonical)}::text[], ${parsed.map((p) => p.prefix)}::text[],
                  ${parsed.map((p) => p.number)}::bigint[]) as c(issue_code, serial, prefix, number)
      join lateral (
        select face_value from debt_redemption.serial_ranges r
        where r.issue_code = c.issue_code and r.prefix = c.prefix and r.first <= c.number and c.number <= r.last
        order by r.first desc limit 1
      ) r on true`;
    const issues = new Map((await bondRepository.issues(sql)).map((issue) => [issue.code, issue]));
    return new Map(
      rows.map((row) => [instrumentKey(row.issue_code, row.serial), { issue: issues.get(row.issue_code)!, faceValue: new Decimal(row.face_value), redeemed: row.redeemed }]),
    );
  },

  async claimByNumber(sql: Sql, bankPrincipal: string, claimNumber: string): Promise<ClaimRecord | undefined> {
    const [row] = await sql.unsafe<ClaimRecord[]>(`select ${CLAIM_COLUMNS} from debt_redemption.claims where bank_principal = $1 and claim_number = $2`, [bankPrincipal, claimNumber]);
    return row;
  },

  async claimById(sql: Sql, id: string): Promise<ClaimRecord | undefined> {
    const [row] = await sql.unsafe<ClaimRecord[]>(`select ${CLAIM_COLUMNS} from debt_redemption.claims where id = $1`, [id]);
    return row;
  },

  /** A verified claim and its instruments; a serial redeemed meanwhile by another claim fails the unique index (23505). */
  async addClaim(tx: Tx, claim: Omit<ClaimRecord, 'id' | 'recordedAt'>, instruments: readonly VerifiedInstrument[]): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into debt_redemption.claims (treasury_id, bank_principal, claim_number, claim_date, instruments, face_total, interest_total, voucher_id, business_date)
      values (${claim.treasuryId}, ${claim.bankPrincipal}, ${claim.claimNumber}, ${claim.claimDate}, ${claim.instruments}, ${claim.faceTotal},
              ${claim.interestTotal}, ${claim.voucherId}, ${claim.businessDate})
      returning id`;
    await tx`
      insert into debt_redemption.redeemed_instruments (claim_id, issue_code, serial, kind, face_value, interest)
      select ${row!.id}, * from unnest(${instruments.map((i) => i.issue.code)}::text[], ${instruments.map((i) => i.serial)}::text[],
                                        ${instruments.map((i) => i.issue.kind)}::text[], ${instruments.map((i) => i.faceValue.toFixed(2))}::numeric[],
                                        ${instruments.map((i) => i.interest.toFixed(2))}::numeric[])`;
    return row!.id;
  },

  /**
   * Face value of the instruments redeemed and still held, per kind: what the off-balance books must show. Bond
   * receipts leave the books once their claim is paid, bearer bonds once destroyed (R50).
   */
  async heldFaceValue(sql: Sql, treasuryId: string): Promise<Map<InstrumentKind, string>> {
    const rows = await sql<{ kind: InstrumentKind; total: string }[]>`
      select i.kind, sum(i.face_value)::text as total
      from debt_redemption.redeemed_instruments i join debt_redemption.claims c on c.id = i.claim_id
      where c.treasury_id = ${treasuryId}
        and not (i.kind = 'bond_receipt' and exists (select 1 from debt_redemption.payments p where p.claim_id = c.id))
        and not (i.kind = 'bearer_bond' and exists (select 1 from debt_redemption.destructions d where d.claim_id = c.id))
      group by i.kind`;
    return new Map(rows.map((row) => [row.kind, row.total]));
  },

  /**
   * The redemption report's figures per issue (R52): instruments redeemed in [from, to] (by the business day their
   * claim was recorded), their face value and interest; and of all time to `to`, paid, written off, still held.
   */
  async reportFigures(sql: Sql, treasuryId: string, from: BusinessDate, to: BusinessDate): Promise<ReportRow[]> {
    return sql<ReportRow[]>`
      select i.issue_code as "issueCode", i.kind,
             count(*) filter (where c.business_date >= ${from})::int as "redeemedInPeriod",
             coalesce(sum(i.face_value) filter (where c.business_date >= ${from}), 0)::text as "faceInPeriod",
             coalesce(sum(i.interest) filter (where c.business_date >= ${from}), 0)::text as "interestInPeriod",
             count(*)::int as "redeemedToDate",
             coalesce(sum(i.face_value + i.interest) filter (where p.claim_id is not null), 0)::text as "paidToDate",
             coalesce(sum(i.face_value) filter (where (i.kind = 'bond_receipt' and p.claim_id is not null) or (i.kind = 'bearer_bond' and d.claim_id is not null)), 0)::text as "writtenOffToDate",
             coalesce(sum(i.face_value) filter (where not ((i.kind = 'bond_receipt' and p.claim_id is not null) or (i.kind = 'bearer_bond' and d.claim_id is not null))), 0)::text as "heldFace"
      from debt_redemption.redeemed_instruments i
      join debt_redemption.claims c on c.id = i.claim_id
      left join debt_redemption.payments p on p.claim_id = c.id and p.business_date <= ${to}
      left join debt_redemption.destructions d on d.claim_id = c.id and d.business_date <= ${to}
      where c.treasury_id = ${treasuryId} and c.business_date <= ${to}
      group by 1, 2 order by 1`;
  },

  /** Face value of one claim's instruments, per kind. */
  async faceValueOfClaim(sql: Sql, claimId: string): Promise<Map<InstrumentKind, string>> {
    const rows = await sql<{ kind: InstrumentKind; total: string }[]>`
      select kind, sum(face_value)::text as total from debt_redemption.redeemed_instruments where claim_id = ${claimId} group by kind`;
    return new Map(rows.map((row) => [row.kind, row.total]));
  },

  /** Two payments of one claim approved at once take turns: the second finds the first. */
  async lockClaim(tx: Tx, claimId: string): Promise<void> {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`debt_redemption.claim\u001f${claimId}`}, 0))`;
  },

  async claimPaid(sql: Sql, claimId: string): Promise<boolean> {
    const [row] = await sql`select 1 from debt_redemption.payments where claim_id = ${claimId}`;
    return row !== undefined;
  },

  async addPayment(
    tx: Tx,
    payment: { claimId: string; treasuryId: string; payeeName: string; payeeAccount: string; bankCode: string; amount: string; voucherId: string; approvalRequestId: string; businessDate: BusinessDate },
  ): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into debt_redemption.payments (claim_id, treasury_id, payee_name, payee_account, bank_code, amount, voucher_id, approval_request_id, business_date)
      values (${payment.claimId}, ${payment.treasuryId}, ${payment.payeeName}, ${payment.payeeAccount}, ${payment.bankCode}, ${payment.amount},
              ${payment.voucherId}, ${payment.approvalRequestId}, ${payment.businessDate})
      returning id`;
    return row!.id;
  },

  async handedOver(sql: Sql, claimId: string): Promise<boolean> {
    const [row] = await sql`select 1 from debt_redemption.vault_handovers where claim_id = ${claimId}`;
    return row !== undefined;
  },

  async addHandover(tx: Tx, handover: { claimId: string; treasuryId: string; vaultReceipt: string; receivedBy: string; approvalRequestId: string; businessDate: BusinessDate }): Promise<void> {
    await tx`
      insert into debt_redemption.vault_handovers (claim_id, treasury_id, vault_receipt, received_by, approval_request_id, business_date)
      values (${handover.claimId}, ${handover.treasuryId}, ${handover.vaultReceipt}, ${handover.receivedBy}, ${handover.approvalRequestId}, ${handover.businessDate})`;
  },

  async destroyed(sql: Sql, claimId: string): Promise<boolean> {
    const [row] = await sql`select 1 from debt_redemption.destructions where claim_id = ${claimId}`;
    return row !== undefined;
  },

  async addDestruction(
    tx: Tx,
    destruction: { claimId: string; treasuryId: string; faceValue: string; witnesses: readonly string[]; document: string; voucherId: string; approvalRequestId: string; businessDate: BusinessDate },
  ): Promise<void> {
    await tx`
      insert into debt_redemption.destructions (claim_id, treasury_id, face_value, witnesses, document, voucher_id, approval_request_id, business_date)
      values (${destruction.claimId}, ${destruction.treasuryId}, ${destruction.faceValue}, ${[...destruction.witnesses]}, ${destruction.document},
              ${destruction.voucherId}, ${destruction.approvalRequestId}, ${destruction.businessDate})`;
  },

  async addNotification(tx: Tx, notice: { claimId: string; treasuryId: string; upperTreasuryId: string; summary: string; businessDate: BusinessDate }): Promise<void> {
    await tx`
      insert into debt_redemption.notifications (claim_id, treasury_id, upper_treasury_id, summary, business_date)
      values (${notice.claimId}, ${notice.treasuryId}, ${notice.upperTreasuryId}, ${notice.summary}, ${notice.businessDate})`;
  },
};

export { instrumentKey };
