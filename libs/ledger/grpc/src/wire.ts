import { checkText, formatAmount, idempotencyKeyOf, invalidArgument, parseAmount, parseBusinessDate } from '@jinku/kernel';
import type { AccountEntry, AccountWithBalance, CalendarVersion, DailyStatement, PeriodStatement, PostVoucherCommand } from '@jinku/ledger';
import {
  isFiscalLevel,
  TEXT_LIMITS,
  type PostedVoucher,
  type Side,
  type SourceDocument,
  type VoucherKind,
  type VoucherLineDraft,
} from '@jinku/ledger-domain';
import { ledgerV1 } from '@jinku/proto';

/** Translation between the wire (ledger.v1 messages) and the ledger's domain types; no rules here. */

const SIDE_FROM_WIRE: Partial<Record<ledgerV1.Side, Side>> = {
  [ledgerV1.Side.SIDE_DEBIT]: 'debit',
  [ledgerV1.Side.SIDE_CREDIT]: 'credit',
  [ledgerV1.Side.SIDE_RECEIPT]: 'receipt',
  [ledgerV1.Side.SIDE_PAYMENT]: 'payment',
};
const SIDE_TO_WIRE: Record<Side, ledgerV1.Side> = {
  debit: ledgerV1.Side.SIDE_DEBIT,
  credit: ledgerV1.Side.SIDE_CREDIT,
  receipt: ledgerV1.Side.SIDE_RECEIPT,
  payment: ledgerV1.Side.SIDE_PAYMENT,
};
const KIND_TO_WIRE: Record<VoucherKind, ledgerV1.VoucherKind> = {
  ordinary: ledgerV1.VoucherKind.VOUCHER_KIND_ORDINARY,
  reversal: ledgerV1.VoucherKind.VOUCHER_KIND_REVERSAL,
  correction: ledgerV1.VoucherKind.VOUCHER_KIND_CORRECTION,
};

export function required(value: string, field: string): string {
  if (!value.trim()) throw invalidArgument('MISSING_FIELD', `${field} is required`, { field });
  return value;
}

/** A required name or number (treasury, account, voucher): within its limit and the kernel's text rule. */
export const identifierOf = (value: string, field: string, maxLength: number) => checkText(required(value, field), field, maxLength);

export const dateOf = (value: string, field: string) => parseBusinessDate(required(value, field), field);

export function linesFromWire(lines: readonly ledgerV1.VoucherLine[], field: string): VoucherLineDraft[] {
  return lines.map((line, index) => {
    const at = `${field}[${index}]`;
    const side = SIDE_FROM_WIRE[line.side];
    if (!side) throw invalidArgument('MISSING_SIDE', `${at}.side must be debit, credit, receipt or payment`, { field: `${at}.side` });
    if (line.fiscalLevel && !isFiscalLevel(line.fiscalLevel)) {
      throw invalidArgument('UNKNOWN_FISCAL_LEVEL', `${at}.fiscal_level must be central, provincial, municipal or district`, { field: `${at}.fiscal_level` });
    }
    return {
      accountNumber: required(line.accountNumber, `${at}.account_number`),
      side,
      amount: parseAmount(line.amount, `${at}.amount`),
      fiscalLevel: line.fiscalLevel && isFiscalLevel(line.fiscalLevel) ? line.fiscalLevel : null,
      classificationCode: line.classificationCode || null,
    };
  });
}

export const documentsFromWire = (documents: readonly ledgerV1.SourceDocument[]): SourceDocument[] =>
  documents.map((d) => ({ kind: d.kind, reference: d.reference }));

export function postCommandFromWire(request: ledgerV1.PostVoucherRequest): PostVoucherCommand {
  return {
    treasuryId: identifierOf(request.treasuryId, 'treasury_id', TEXT_LIMITS.treasuryId),
    idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
    draft: {
      kind: 'ordinary',
      summary: request.summary,
      documents: documentsFromWire(request.documents),
      lines: linesFromWire(request.lines, 'lines'),
    },
  };
}

export function voucherToWire(voucher: PostedVoucher): ledgerV1.Voucher {
  return {
    name: `treasuries/${voucher.treasuryId}/vouchers/${voucher.id}`,
    treasuryId: voucher.treasuryId,
    voucherId: voucher.id,
    businessDate: voucher.businessDate,
    kind: KIND_TO_WIRE[voucher.kind],
    summary: voucher.summary,
    documents: [...voucher.documents],
    lines: voucher.lines.map((line) => ({
      accountNumber: line.account.number,
      side: SIDE_TO_WIRE[line.side],
      amount: formatAmount(line.amount),
      fiscalLevel: line.fiscalLevel ?? '',
      classificationCode: line.classificationCode ?? '',
    })),
    makerId: voucher.makerId,
    idempotencyKey: voucher.idempotencyKey,
    reversesVoucherId: voucher.reversesVoucherId ?? '',
    correctsVoucherId: voucher.correctsVoucherId ?? '',
    postTime: voucher.postedAt.toISOString(),
  };
}

export function accountToWire({ account, balance }: AccountWithBalance): ledgerV1.Account {
  return {
    name: `treasuries/${account.treasuryId}/accounts/${account.number}`,
    treasuryId: account.treasuryId,
    number: account.number,
    displayName: account.name,
    subjectCode: account.subject.code,
    subjectName: account.subject.name,
    offBalance: account.subject.balanceSheet === 'off',
    fiscalLevel: account.fiscalLevel ?? '',
    balance: formatAmount(balance),
    interestBearing: account.subject.interestBearing,
  };
}

export function entryToWire(entry: AccountEntry): ledgerV1.Entry {
  return {
    entryId: entry.entryId,
    voucherId: entry.voucherId,
    businessDate: entry.businessDate,
    side: SIDE_TO_WIRE[entry.side],
    amount: formatAmount(entry.amount),
    fiscalLevel: entry.fiscalLevel ?? '',
    classificationCode: entry.classificationCode ?? '',
  };
}

type Rows = Pick<DailyStatement, 'accounts' | 'subjects' | 'failures'>;

/** The rows and failed checks of a day's or a month's statement. */
function rowsToWire(statement: Rows): Pick<ledgerV1.DailyStatement, 'accounts' | 'subjects' | 'failedChecks'> {
  const row = (key: string, subjectCode: string, r: DailyStatement['subjects'][number]): ledgerV1.StatementRow => ({
    key,
    subjectCode,
    opening: formatAmount(r.opening),
    debitTurnover: formatAmount(r.debit),
    creditTurnover: formatAmount(r.credit),
    closing: formatAmount(r.closing),
  });
  return {
    accounts: statement.accounts.map((r) => row(r.accountNumber, r.subjectCode, r)),
    subjects: statement.subjects.map((r) => row(r.subjectCode, r.subjectCode, r)),
    failedChecks: statement.failures.map((f) => `${f.check}: ${f.message}`),
  };
}

export function statementToWire(statement: DailyStatement): ledgerV1.DailyStatement {
  return { treasuryId: statement.treasuryId, date: statement.date, final: statement.final, ...rowsToWire(statement) };
}

export function periodStatementToWire(statement: PeriodStatement): ledgerV1.PeriodStatement {
  return { treasuryId: statement.treasuryId, period: statement.period, final: statement.final, ...rowsToWire(statement) };
}

export function calendarToWire(calendar: CalendarVersion): ledgerV1.Calendar {
  return {
    year: calendar.year,
    version: calendar.version,
    entries: calendar.days.map((day) => ({ date: day.date, kind: day.kind, name: day.name })),
  };
}
