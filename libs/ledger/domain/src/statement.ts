import { sumAmounts, type Amount } from '@jinku/kernel';
import { mustStayNonNegative, type Side, type Subject } from './chart';

/** The 日计表 columns: receipts (收) of off-balance subjects count as debit, payments (付) as credit. */
export function turnoverColumn(side: Side): 'debit' | 'credit' {
  return side === 'debit' || side === 'receipt' ? 'debit' : 'credit';
}

export function closingBalance(subject: Subject, opening: Amount, debit: Amount, credit: Amount): Amount {
  const increasesOnDebit = subject.balanceSheet === 'off' || subject.normalSide === 'debit';
  return increasesOnDebit ? opening.plus(debit).minus(credit) : opening.plus(credit).minus(debit);
}

/** One sub-ledger account's day: yesterday's closing, today's turnover, and the live balance file. */
export interface AccountDay {
  readonly accountId: string;
  readonly accountNumber: string;
  readonly subject: Subject;
  readonly opening: Amount;
  readonly debit: Amount;
  readonly credit: Amount;
  readonly liveBalance: Amount;
}

/** One general-ledger subject's day, computed independently from the entries grouped by subject. */
export interface SubjectDay {
  readonly subjectCode: string;
  readonly opening: Amount;
  readonly debit: Amount;
  readonly credit: Amount;
}

export interface StatementRow {
  readonly opening: Amount;
  readonly debit: Amount;
  readonly credit: Amount;
  readonly closing: Amount;
}

export type DayCloseCheck =
  | 'SUBLEDGER_MATCHES_BALANCE_FILE'
  | 'GENERAL_LEDGER_EQUALS_SUBLEDGERS'
  | 'DAY_TURNOVER_BALANCED'
  | 'OVERALL_BALANCE'
  | 'NO_NEGATIVE_BALANCES'
  // A month's: each account's first opening rolled forward by the month's turnover gives its last closing.
  | 'MONTH_ROLLS_FORWARD';

export interface DayCloseFailure {
  readonly check: DayCloseCheck;
  readonly message: string;
}

export interface DayStatement {
  readonly accounts: ReadonlyMap<string, StatementRow>;
  readonly subjects: ReadonlyMap<string, StatementRow>;
  readonly failures: readonly DayCloseFailure[];
}

/**
 * Builds the daily statement (日计表) and the subject balances (余额表) and runs the day-end checks
 * of SPEC §2 / R22, R57(4): each sub-ledger agrees with the balance file, the general ledger equals the
 * sum of its sub-ledgers, on-balance turnover balances, the overall balance (综合平衡) holds, and no
 * deposit or custody balance is negative. A day may close only when `failures` is empty.
 */
export function buildDayStatement(
  subjects: readonly Subject[],
  accountDays: readonly AccountDay[],
  subjectDays: readonly SubjectDay[],
): DayStatement {
  const failures: DayCloseFailure[] = [];
  const subjectByCode = new Map(subjects.map((s) => [s.code, s]));

  const accounts = new Map<string, StatementRow>();
  const closingsBySubject = new Map<string, Amount[]>();
  for (const day of accountDays) {
    const closing = closingBalance(day.subject, day.opening, day.debit, day.credit);
    accounts.set(day.accountId, { opening: day.opening, debit: day.debit, credit: day.credit, closing });
    closingsBySubject.set(day.subject.code, [...(closingsBySubject.get(day.subject.code) ?? []), closing]);
    if (!closing.equals(day.liveBalance)) {
      failures.push({
        check: 'SUBLEDGER_MATCHES_BALANCE_FILE',
        message: `account ${day.accountNumber}: statement closing ${closing.toFixed(2)} but balance file ${day.liveBalance.toFixed(2)}`,
      });
    }
    if (mustStayNonNegative(day.subject) && closing.isNegative()) {
      failures.push({ check: 'NO_NEGATIVE_BALANCES', message: `account ${day.accountNumber} closes at ${closing.toFixed(2)}` });
    }
  }

  const subjectRows = new Map<string, StatementRow>();
  for (const day of subjectDays) {
    const subject = subjectByCode.get(day.subjectCode);
    if (!subject) throw new Error(`entries reference unknown subject ${day.subjectCode}`);
    const closing = closingBalance(subject, day.opening, day.debit, day.credit);
    subjectRows.set(day.subjectCode, { opening: day.opening, debit: day.debit, credit: day.credit, closing });
    const subLedgers = sumAmounts(closingsBySubject.get(day.subjectCode) ?? []);
    if (!closing.equals(subLedgers)) {
      failures.push({
        check: 'GENERAL_LEDGER_EQUALS_SUBLEDGERS',
        message: `subject ${day.subjectCode}: general ledger ${closing.toFixed(2)} but sub-ledgers sum to ${subLedgers.toFixed(2)}`,
      });
    }
  }
  for (const code of closingsBySubject.keys()) {
    if (!subjectRows.has(code)) {
      failures.push({ check: 'GENERAL_LEDGER_EQUALS_SUBLEDGERS', message: `subject ${code} has sub-ledgers but no general-ledger row` });
    }
  }

  const onBalance = [...subjectRows].filter(([code]) => subjectByCode.get(code)!.balanceSheet === 'on');
  const debitTurnover = sumAmounts(onBalance.map(([, row]) => row.debit));
  const creditTurnover = sumAmounts(onBalance.map(([, row]) => row.credit));
  if (!debitTurnover.equals(creditTurnover)) {
    failures.push({
      check: 'DAY_TURNOVER_BALANCED',
      message: `on-balance debit turnover ${debitTurnover.toFixed(2)} differs from credit turnover ${creditTurnover.toFixed(2)}`,
    });
  }
  const debitSideBalances = sumAmounts(onBalance.filter(([code]) => subjectByCode.get(code)!.normalSide === 'debit').map(([, r]) => r.closing));
  const creditSideBalances = sumAmounts(onBalance.filter(([code]) => subjectByCode.get(code)!.normalSide === 'credit').map(([, r]) => r.closing));
  if (!debitSideBalances.equals(creditSideBalances)) {
    failures.push({
      check: 'OVERALL_BALANCE',
      message: `debit-side balances ${debitSideBalances.toFixed(2)} differ from credit-side balances ${creditSideBalances.toFixed(2)}`,
    });
  }
  return { accounts, subjects: subjectRows, failures };
}
