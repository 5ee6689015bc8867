import { parseAmount } from '@jinku/kernel';
import { describe, expect, it } from 'vitest';
import { buildDayStatement, type AccountDay } from './statement';
import { subjects } from './test-chart';

const yuan = parseAmount;
const allSubjects = Object.values(subjects);

// Opening: clearing 500 (debit) against deposit 500 (credit). Today: 120.50 revenue received to deposit,
// 20.25 paid out of it; bonds: 3 receipts worth 300 in custody, 100 paid out.
const accountDays: AccountDay[] = [
  { accountId: '1', accountNumber: 'C', subject: subjects.clearing, opening: yuan('500'), debit: yuan('120.50'), credit: yuan('20.25'), liveBalance: yuan('600.25') },
  { accountId: '2', accountNumber: 'D', subject: subjects.localDeposit, opening: yuan('500'), debit: yuan('20.25'), credit: yuan('120.50'), liveBalance: yuan('600.25') },
  { accountId: '3', accountNumber: 'B', subject: subjects.bondReceipts, opening: yuan('0'), debit: yuan('300'), credit: yuan('100'), liveBalance: yuan('200') },
];
const subjectDays = [
  { subjectCode: '1051', opening: yuan('500'), debit: yuan('120.50'), credit: yuan('20.25') },
  { subjectCode: '2011', opening: yuan('500'), debit: yuan('20.25'), credit: yuan('120.50') },
  { subjectCode: '7011', opening: yuan('0'), debit: yuan('300'), credit: yuan('100') },
];

describe('buildDayStatement', () => {
  it('computes closing = opening ± turnover by normal side, and passes every check', () => {
    const statement = buildDayStatement(allSubjects, accountDays, subjectDays);
    expect(statement.failures).toEqual([]);
    expect(statement.accounts.get('1')!.closing.toFixed(2)).toBe('600.25'); // 500 + 120.50 − 20.25
    expect(statement.accounts.get('2')!.closing.toFixed(2)).toBe('600.25'); // 500 + 120.50 − 20.25, credit-normal
    expect(statement.subjects.get('7011')!.closing.toFixed(2)).toBe('200.00'); // 0 + 300 收 − 100 付
  });

  it('names the failing check when the balance file drifted from the entries', () => {
    const drifted = accountDays.map((day) => (day.accountId === '2' ? { ...day, liveBalance: yuan('600.26') } : day));
    const checks = buildDayStatement(allSubjects, drifted, subjectDays).failures.map((f) => f.check);
    expect(checks).toEqual(['SUBLEDGER_MATCHES_BALANCE_FILE']);
  });

  it('detects a general ledger that disagrees with its sub-ledgers and a broken overall balance', () => {
    const wrongGl = subjectDays.map((day) => (day.subjectCode === '2011' ? { ...day, credit: yuan('120.51') } : day));
    const checks = buildDayStatement(allSubjects, accountDays, wrongGl).failures.map((f) => f.check);
    expect(checks).toEqual(['GENERAL_LEDGER_EQUALS_SUBLEDGERS', 'DAY_TURNOVER_BALANCED', 'OVERALL_BALANCE']);
  });
});
