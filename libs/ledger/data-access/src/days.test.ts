import { parseAmount, POSTS, sumAmounts } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import type { StatementRow } from '@jinku/ledger-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaCalendarOverrides } from './demo/calendar-cn';
import { standardAccounts, standardSubjects } from './demo/chart';
import type { DailyStatement } from './days';
import { FIRST_DAY, ledgerFixture, payment, receipt, SUB_TREASURY, TREASURY, voucher, type LedgerFixture } from './testing/fixture';

const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';

const money = (row: StatementRow) => ({
  opening: row.opening.toFixed(2),
  debit: row.debit.toFixed(2),
  credit: row.credit.toFixed(2),
  closing: row.closing.toFixed(2),
});

/** A statement with every amount as a two-decimal string, for exact comparison. */
const plain = (s: DailyStatement) => ({
  ...s,
  accounts: s.accounts.map((r) => ({ accountNumber: r.accountNumber, subjectCode: r.subjectCode, ...money(r) })),
  subjects: s.subjects.map((r) => ({ subjectCode: r.subjectCode, ...money(r) })),
});

const accountRow = (s: DailyStatement, number: string) => {
  const rows = s.accounts.filter((r) => r.accountNumber === number);
  expect(rows, `account ${number} appears once in the statement`).toHaveLength(1);
  return money(rows[0]!);
};

const subjectRow = (s: DailyStatement, code: string) => {
  const rows = s.subjects.filter((r) => r.subjectCode === code);
  expect(rows, `subject ${code} appears once in the statement`).toHaveLength(1);
  return money(rows[0]!);
};

const row = (opening: string, debit: string, credit: string, closing: string) => ({ opening, debit, credit, closing });

async function statementRowCounts(f: LedgerFixture) {
  const [counts] = await f.database.sql<{ accounts: number; subjects: number; days: number }[]>`
    select (select count(*)::int from ledger.daily_balances) as accounts,
           (select count(*)::int from ledger.daily_subject_balances) as subjects,
           (select count(*)::int from ledger.business_days) as days`;
  return counts!;
}

describe('business days', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture();
  });
  afterAll(() => f.database.drop());

  it('closing Friday opens Monday; new postings land on Monday, never on the closed day', async () => {
    expect(await f.ledger.days.current(TREASURY)).toEqual({ treasuryId: TREASURY, date: FIRST_DAY, status: 'open' });
    const friday = await f.receive('fri-1', receipt('100.00'));
    expect(friday.businessDate).toBe(FIRST_DAY);

    const closed = await f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY);
    expect(closed.closed).toEqual({ treasuryId: TREASURY, date: FIRST_DAY, status: 'closed' });
    expect(closed.opened).toEqual({ treasuryId: TREASURY, date: MONDAY, status: 'open' });
    expect(await f.ledger.days.current(TREASURY)).toEqual({ treasuryId: TREASURY, date: MONDAY, status: 'open' });

    const monday = await f.receive('mon-1', receipt('7.00'));
    const batch = await f.ledger.postReceipts(f.link, [{ treasuryId: TREASURY, idempotencyKey: 'mon-2', draft: receipt('8.00') }]);
    expect(monday.businessDate).toBe(MONDAY);
    expect(batch.map((o) => o.ok && o.voucher.businessDate)).toEqual([MONDAY]);

    // The closed day holds exactly the one voucher posted before the close, and its entries did not move.
    const fridayVouchers = await f.ledger.vouchers.listOfDay(TREASURY, FIRST_DAY, { pageSize: 0, pageToken: '' });
    expect(fridayVouchers.items.map((v) => v.id)).toEqual([friday.id]);
    const [dates] = await f.database.sql<{ friday: number; monday: number }[]>`
      select count(*) filter (where business_date = ${FIRST_DAY})::int as friday,
             count(*) filter (where business_date = ${MONDAY})::int as monday from ledger.entries`;
    expect(dates).toEqual({ friday: 2, monday: 4 });
  });

  it('closing the same day again is refused and writes nothing', async () => {
    const before = { ...(await f.counts()), ...(await statementRowCounts(f)) };
    expect(await refusalOf(f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'DAY_CLOSED',
    });
    expect({ ...(await f.counts()), ...(await statementRowCounts(f)) }).toEqual(before);
    expect((await f.ledger.days.current(TREASURY)).date).toBe(MONDAY);
  });

  it('a day that was never opened cannot be closed', async () => {
    expect(await refusalOf(f.ledger.closeBusinessDay(f.supervisor, TREASURY, TUESDAY))).toMatchObject({
      kind: 'not_found',
      reason: 'BUSINESS_DAY_NOT_FOUND',
    });
    expect((await f.ledger.days.current(TREASURY)).date).toBe(MONDAY);
  });

  it('a closed day cannot be reopened or deleted by direct SQL', async () => {
    await expect(
      f.database.sql`update ledger.business_days set status = 'open' where treasury_id = ${TREASURY} and date = ${FIRST_DAY}`,
    ).rejects.toThrow(/never back/);
    await expect(f.database.sql`delete from ledger.business_days where date = ${FIRST_DAY}`).rejects.toThrow(/never back/);
    const days = await f.database.sql`select date::text as date, status from ledger.business_days order by date`;
    expect(days.map((d) => [d['date'], d['status']])).toEqual([
      [FIRST_DAY, 'closed'],
      [MONDAY, 'open'],
    ]);
  });
});

describe('business days with a holiday added by a calendar change', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture();
    // Version 2 of 2026: the published schedule plus a Monday holiday, approved by request 41.
    const days2026 = chinaCalendarOverrides.filter((d) => d.date.startsWith('2026-'));
    await f.database.sql.begin((tx) => f.ledger.calendar.changeWithin(tx, 2026, [...days2026, { date: MONDAY, kind: 'holiday', name: 'test' }], '41'));
  });
  afterAll(() => f.database.drop());

  it('closing Friday skips the weekend and the Monday holiday of the version in force', async () => {
    const closed = await f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY);
    expect(closed.opened.date).toBe(TUESDAY);
    expect((await f.ledger.days.current(TREASURY)).date).toBe(TUESDAY);
    const posted = await f.receive('tue-1', receipt('1.00'));
    expect(posted.businessDate).toBe(TUESDAY);
    // Tuesday is an ordinary working day again: the next one is Wednesday.
    expect((await f.ledger.closeBusinessDay(f.supervisor, TREASURY, TUESDAY)).opened.date).toBe('2026-11-25');
  });
});

describe('daily statement (日计表) and balance sheet (余额表)', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture();
  });
  afterAll(() => f.database.drop());

  // Receipts come from the link; payments, transfers between deposits and custody lines only from the system.
  const receive = (key: string, draft: ReturnType<typeof voucher>) => f.receive(key, draft);
  const postSystem = (purpose: string, draft: ReturnType<typeof voucher>) => f.postSystem(purpose, draft);

  let fridayClose: DailyStatement;

  it('Friday: opening, turnover and closing per account and per subject are exact', async () => {
    await receive('f1', receipt('1000.00'));
    await receive('f2', receipt('250.50'));
    await postSystem('f3', payment('300.25'));
    await receive('f4', voucher([['105100', 'debit', '400.00'], ['201102', 'credit', '400.00']]));
    await postSystem('f5', voucher([['201102', 'debit', '100.10'], ['105100', 'credit', '100.10']], '库款支拨'));
    await postSystem('f6', voucher([['701100', 'receipt', '300.00']], '国债收款单入库'));
    await postSystem('f7', voucher([['701100', 'payment', '100.00']], '国债收款单出库'));

    const provisional = await f.ledger.days.statement(TREASURY, FIRST_DAY);
    expect(provisional.final).toBe(false);
    expect(provisional.failures).toEqual([]);

    // 105100 清算账户 (debit-normal), first day so opening 0:
    //   debit  = 1000.00 + 250.50 + 400.00 = 1650.50;  credit = 300.25 + 100.10 = 400.35
    //   closing = 0 + 1650.50 − 400.35 = 1250.15
    expect(accountRow(provisional, '105100')).toEqual(row('0.00', '1650.50', '400.35', '1250.15'));
    // 201103 municipal deposit (credit-normal): credit = 1000.00 + 250.50 = 1250.50; debit = 300.25
    //   closing = 0 + 1250.50 − 300.25 = 950.25
    expect(accountRow(provisional, '201103')).toEqual(row('0.00', '300.25', '1250.50', '950.25'));
    // 201102 provincial deposit (credit-normal): credit 400.00, debit 100.10, closing 299.90
    expect(accountRow(provisional, '201102')).toEqual(row('0.00', '100.10', '400.00', '299.90'));
    // 701100 bond receipts (off-balance): 收 300.00 in the debit column, 付 100.00 in the credit column, closing 200.00
    expect(accountRow(provisional, '701100')).toEqual(row('0.00', '300.00', '100.00', '200.00'));
    // An untouched account still has its row, all zero.
    expect(accountRow(provisional, '201202')).toEqual(row('0.00', '0.00', '0.00', '0.00'));

    // General ledger 2011 = entries of 201102 + 201103: debit 300.25 + 100.10 = 400.35, credit 1250.50 + 400.00 = 1650.50,
    //   closing 1650.50 − 400.35 = 1250.15 = 950.25 + 299.90 (Σ sub-ledgers)
    expect(subjectRow(provisional, '2011')).toEqual(row('0.00', '400.35', '1650.50', '1250.15'));
    expect(subjectRow(provisional, '1051')).toEqual(row('0.00', '1650.50', '400.35', '1250.15'));
    expect(subjectRow(provisional, '7011')).toEqual(row('0.00', '300.00', '100.00', '200.00'));
    expect(subjectRow(provisional, '2012')).toEqual(row('0.00', '0.00', '0.00', '0.00'));

    // One row per opened account and per subject, no more.
    const [chart] = await f.database.sql<{ accounts: number; subjects: number }[]>`
      select (select count(*)::int from ledger.accounts) as accounts, (select count(*)::int from ledger.subjects) as subjects`;
    expect(provisional.accounts).toHaveLength(chart!.accounts);
    expect(provisional.subjects).toHaveLength(chart!.subjects);

    const closed = await f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY);
    fridayClose = closed.statement;
    expect(closed.statement.final).toBe(true);
    const frozen = await f.ledger.days.statement(TREASURY, FIRST_DAY);
    expect(frozen.final).toBe(true);
    // What close computed, what was stored and what was shown before closing are the same numbers.
    expect(plain(frozen)).toEqual(plain(closed.statement));
    expect(plain(frozen)).toEqual({ ...plain(provisional), final: true });
  });

  it('Monday opens at Friday’s closing, and its own arithmetic is exact', async () => {
    await receive('m1', receipt('49.75'));
    await postSystem('m2', payment('1000.00'));
    await postSystem('m3', voucher([['201102', 'debit', '299.90'], ['105100', 'credit', '299.90']], '库款支拨'));

    const friday = await f.ledger.days.statement(TREASURY, FIRST_DAY);
    const monday = await f.ledger.days.statement(TREASURY, MONDAY);
    expect(monday.failures).toEqual([]);
    for (const account of friday.accounts) {
      expect(accountRow(monday, account.accountNumber).opening, `opening of ${account.accountNumber}`).toBe(account.closing.toFixed(2));
    }
    for (const subject of friday.subjects) {
      expect(subjectRow(monday, subject.subjectCode).opening, `opening of ${subject.subjectCode}`).toBe(subject.closing.toFixed(2));
    }

    // 201103: 950.25 + credit 49.75 − debit 1000.00 = 0.00
    expect(accountRow(monday, '201103')).toEqual(row('950.25', '1000.00', '49.75', '0.00'));
    // 201102: 299.90 − debit 299.90 = 0.00
    expect(accountRow(monday, '201102')).toEqual(row('299.90', '299.90', '0.00', '0.00'));
    // 105100: 1250.15 + debit 49.75 − credit (1000.00 + 299.90 = 1299.90) = 0.00
    expect(accountRow(monday, '105100')).toEqual(row('1250.15', '49.75', '1299.90', '0.00'));
    // Bonds untouched: carried forward.
    expect(accountRow(monday, '701100')).toEqual(row('200.00', '0.00', '0.00', '200.00'));
    // 2011: 1250.15 + credit 49.75 − debit (1000.00 + 299.90 = 1299.90) = 0.00
    expect(subjectRow(monday, '2011')).toEqual(row('1250.15', '1299.90', '49.75', '0.00'));
  });

  it('the general-ledger row of 2011 equals the sum of its sub-ledgers 201102 + 201103, every day', async () => {
    for (const date of [FIRST_DAY, MONDAY]) {
      const s = await f.ledger.days.statement(TREASURY, date);
      const subs = s.accounts.filter((r) => r.subjectCode === '2011');
      expect(subs.map((r) => r.accountNumber)).toEqual(['201102', '201103']);
      const gl = s.subjects.find((r) => r.subjectCode === '2011')!;
      for (const column of ['opening', 'debit', 'credit', 'closing'] as const) {
        expect(gl[column].toFixed(2), `${date} ${column}`).toBe(subs[0]![column].plus(subs[1]![column]).toFixed(2));
      }
    }
    // Friday's closing 1250.15 is not a coincidence of zeros.
    expect(subjectRow(await f.ledger.days.statement(TREASURY, FIRST_DAY), '2011').closing).toBe('1250.15');
  });

  it('a closed day’s statement never changes, and its stored rows cannot be rewritten', async () => {
    const before = plain(await f.ledger.days.statement(TREASURY, FIRST_DAY));
    expect(before).toEqual(plain(fridayClose));

    await receive('m4', receipt('5000.00'));
    await f.ledger.closeBusinessDay(f.supervisor, TREASURY, MONDAY);
    await postSystem('t1', payment('1.00'));

    // Friday again: same numbers, still final, no failures even though the balance file moved on twice.
    expect(plain(await f.ledger.days.statement(TREASURY, FIRST_DAY))).toEqual(before);
    // Monday's frozen statement shows the late receipt: 0 + 5000 after the three earlier vouchers.
    expect(accountRow(await f.ledger.days.statement(TREASURY, MONDAY), '201103')).toEqual(row('950.25', '1000.00', '5049.75', '5000.00'));

    await expect(f.database.sql`update ledger.daily_balances set closing = closing + 1 where business_date = ${FIRST_DAY}`).rejects.toThrow(
      /append-only/,
    );
    await expect(
      f.database.sql`update ledger.daily_subject_balances set closing = closing + 1 where business_date = ${FIRST_DAY}`,
    ).rejects.toThrow(/append-only/);
    await expect(f.database.sql`delete from ledger.daily_balances where business_date = ${FIRST_DAY}`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`truncate ledger.daily_subject_balances`).rejects.toThrow(/append-only/);
    expect(plain(await f.ledger.days.statement(TREASURY, FIRST_DAY))).toEqual(before);
  });
});

describe('day-end checks and who may close', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture();
    await f.receive('r1', receipt('100.00'));
  });
  afterAll(() => f.database.drop());

  it('only an accounting supervisor or a reviewer of the same treasury closes a day', async () => {
    const before = await statementRowCounts(f);
    const withoutDayClose = POSTS.filter((post) => post !== 'accounting_supervisor' && post !== 'reviewer');
    for (const [actor, reason] of [
      ...withoutDayClose.map((post) => [f.person([post]), 'POST_MAY_NOT_CLOSE_DAY'] as const),
      [f.person([...withoutDayClose]), 'POST_MAY_NOT_CLOSE_DAY'],
      [f.link, 'POST_MAY_NOT_CLOSE_DAY'],
      [f.system, 'POST_MAY_NOT_CLOSE_DAY'],
      [f.person(['accounting_supervisor'], SUB_TREASURY), 'OTHER_TREASURY'],
    ] as const) {
      const label = `${actor.kind} ${actor.posts.join() || actor.scopes.join()}@${actor.treasuryId}`;
      expect(await refusalOf(f.ledger.closeBusinessDay(actor, TREASURY, FIRST_DAY)), label).toMatchObject({ kind: 'permission_denied', reason });
    }
    expect(await statementRowCounts(f)).toEqual(before);
    expect(await f.ledger.days.current(TREASURY)).toEqual({ treasuryId: TREASURY, date: FIRST_DAY, status: 'open' });
  });

  it('refuses to close when the balance file was tampered with, and the day stays open', async () => {
    const tamper = (delta: string) => f.database.sql`
      update ledger.account_balances set balance = balance + ${delta}::numeric
      where account_id = (select id from ledger.accounts where treasury_id = ${TREASURY} and number = '201103')`;
    await tamper('0.01');
    const before = { ...(await f.counts()), ...(await statementRowCounts(f)) };

    const refusal = await refusalOf(f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY));
    expect(refusal).toMatchObject({ kind: 'failed_precondition', reason: 'DAY_CLOSE_CHECK_FAILED' });
    expect(refusal.details['check']).toBe('SUBLEDGER_MATCHES_BALANCE_FILE');

    expect({ ...(await f.counts()), ...(await statementRowCounts(f)) }).toEqual(before);
    expect(await f.ledger.days.current(TREASURY)).toEqual({ treasuryId: TREASURY, date: FIRST_DAY, status: 'open' });
    const provisional = await f.ledger.days.statement(TREASURY, FIRST_DAY);
    expect(provisional.failures.map((x) => x.check)).toEqual(['SUBLEDGER_MATCHES_BALANCE_FILE']);
    expect(provisional.failures[0]!.message).toMatch(/201103.*100\.00.*100\.01/);

    // Put the balance file right again: now a reviewer may close the day.
    await tamper('-0.01');
    const reviewer = f.person(['reviewer']);
    const closed = await f.ledger.closeBusinessDay(reviewer, TREASURY, FIRST_DAY);
    expect(closed.opened.date).toBe(MONDAY);
    const [day] = await f.database.sql`select closed_by from ledger.business_days where date = ${FIRST_DAY}`;
    expect(day!['closed_by']).toBe(reviewer.userId);
  });
});

describe('closing a day while postings race it', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture();
  });
  afterAll(() => f.database.drop());

  it('every voucher lands either inside the closed day’s statement or on the next day', async () => {
    const amountOf = (round: number, i: number) => `${i + 1}.${String(round * 20 + i).padStart(2, '0')}`;
    type Landed = { id: string; businessDate: string; amount: string };
    let carried: Landed[] = []; // vouchers of the previous round that queued behind its close
    for (let round = 0; round < 3; round += 1) {
      const day = (await f.ledger.days.current(TREASURY)).date;
      // Postings are spread over a few milliseconds and the close starts in the middle of them, so that some
      // postings run before the close takes the day and others queue behind it.
      const after = <T>(ms: number, start: () => Promise<T>) => new Promise<void>((r) => setTimeout(r, ms)).then(start);
      const close = after(10 + round * 5, () => f.ledger.closeBusinessDay(f.supervisor, TREASURY, day));
      const postings = Array.from({ length: 20 }, (_, i) => {
        const amount = amountOf(round, i);
        const command = { treasuryId: TREASURY, idempotencyKey: `race-${round}-${i}`, draft: receipt(amount) };
        // Half through group commit, half as their own batch transactions.
        return after(i * 2, (): Promise<Landed> =>
          i % 2 === 0
            ? f.ledger.postReceipt(f.link, command).then((v) => ({ id: v.id, businessDate: v.businessDate, amount }))
            : f.ledger.postReceipts(f.link, [command]).then(([o]) => {
                if (!o!.ok) throw o!.error;
                return { id: o!.voucher.id, businessDate: o!.voucher.businessDate, amount };
              }),
        );
      });
      const [closed, posted] = await Promise.all([close, Promise.all(postings)]);
      const next = closed.opened.date;
      expect(posted.filter((v) => v.businessDate !== day && v.businessDate !== next), `round ${round}`).toEqual([]);

      const onDay = [...carried, ...posted.filter((v) => v.businessDate === day)];
      carried = posted.filter((v) => v.businessDate === next);
      const listed = await f.ledger.vouchers.listOfDay(TREASURY, day, { pageSize: 0, pageToken: '' });
      expect(listed.items.map((v) => v.id).sort()).toEqual(onDay.map((v) => v.id).sort());

      // The frozen statement's turnover is exactly the vouchers that landed on the closed day.
      const expected = sumAmounts(onDay.map((v) => parseAmount(v.amount))).toFixed(2);
      const statement = await f.ledger.days.statement(TREASURY, day);
      expect(accountRow(statement, '201103').credit, `round ${round}`).toBe(expected);
      expect(accountRow(statement, '105100').debit, `round ${round}`).toBe(expected);
      expect(plain(statement)).toEqual(plain(closed.statement));
    }

    // Every frozen closing carried forward plus the open day's movement is the balance file, account by account.
    const open = await f.ledger.days.statement(TREASURY, (await f.ledger.days.current(TREASURY)).date);
    expect(open.failures).toEqual([]);
    for (const r of open.accounts) {
      expect(r.closing.toFixed(2), r.accountNumber).toBe((await f.ledger.accounts.get(TREASURY, r.accountNumber)).balance.toFixed(2));
    }
    // 60 receipts: Σ(i+1) over 20 = 210 yuan per round, and fen 0..59 → 630.00 + 17.70
    expect((await f.ledger.accounts.get(TREASURY, '201103')).balance.toFixed(2)).toBe('647.70');
    expect((await f.counts()).vouchers).toBe(60);
  });
});

describe('a pending day close is not overtaken', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture();
    await f.receive('before', receipt('10.00'));
  });
  afterAll(() => f.database.drop());

  /** Sessions of this database waiting on a lock (the close, then the posting queued behind it). */
  const waitingSessions = async (at_least: number) => {
    for (let tries = 0; tries < 200; tries += 1) {
      const [row] = await f.database.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      if (row!.n >= at_least) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`fewer than ${at_least} sessions ever waited on a lock`);
  };

  it('a posting that arrives while the close waits for an in-flight posting goes to the next day', async () => {
    // An in-flight posting transaction holds the open day FOR SHARE, as the posting engine does.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const inFlight = f.database.sql.begin(async (tx) => {
      await tx`select 1 from ledger.business_days where treasury_id = ${TREASURY} and status = 'open' for share`;
      holding();
      await released;
    });
    await held;

    const close = f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY);
    await waitingSessions(1);
    const late = f.receive('late', receipt('20.00'));
    const lateBatch = f.ledger.postReceipts(f.link, [{ treasuryId: TREASURY, idempotencyKey: 'late-batch', draft: receipt('30.00') }]);
    // Give the late postings every chance to overtake the waiting close before the in-flight one ends.
    await new Promise((r) => setTimeout(r, 200));
    release();
    await inFlight;

    const closed = await close;
    const [posted, [batched]] = await Promise.all([late, lateBatch]);
    expect(posted.businessDate).toBe(MONDAY);
    expect(batched!.ok && batched!.voucher.businessDate).toBe(MONDAY);
    // Friday's statement holds only the voucher posted before the close was asked for.
    expect(accountRow(closed.statement, '201103')).toEqual(row('0.00', '0.00', '10.00', '10.00'));
    expect(accountRow(await f.ledger.days.statement(TREASURY, MONDAY), '201103')).toEqual(row('10.00', '0.00', '50.00', '60.00'));
  });
});

describe('a day whose next business day falls in a year without a calendar', () => {
  const NEW_YEARS_EVE = '2026-12-31'; // a Thursday; 2027 is not loaded
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture(NEW_YEARS_EVE);
    await f.receive('dec-31', receipt('100.00'));
    await f.ledger.setup.createTreasury({ id: SUB_TREASURY, name: '福田区支库', parentId: TREASURY, fiscalLevel: 'district' });
    await f.ledger.setup.defineSubjects(SUB_TREASURY, standardSubjects);
    await f.ledger.setup.openAccounts(SUB_TREASURY, standardAccounts(['district'], NEW_YEARS_EVE));
  });
  afterAll(() => f.database.drop());

  const everything = async () => ({ ...(await f.counts()), ...(await statementRowCounts(f)) });

  it('closing it is refused CALENDAR_NOT_LOADED, naming the year, and writes nothing', async () => {
    const before = await everything();
    const refusal = await refusalOf(f.ledger.closeBusinessDay(f.supervisor, TREASURY, NEW_YEARS_EVE));
    expect(refusal).toMatchObject({ kind: 'failed_precondition', reason: 'CALENDAR_NOT_LOADED', details: { year: '2027' } });
    expect(await everything()).toEqual(before);
    expect(await f.ledger.days.current(TREASURY)).toEqual({ treasuryId: TREASURY, date: NEW_YEARS_EVE, status: 'open' });
    // The day stays open for business.
    expect((await f.receive('dec-31-late', receipt('1.00'))).businessDate).toBe(NEW_YEARS_EVE);
  });

  it('books cannot be opened on a day of an unloaded year, nor on a holiday', async () => {
    expect(await refusalOf(f.ledger.days.openFirst(SUB_TREASURY, '2027-01-04'))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'CALENDAR_NOT_LOADED',
      details: { year: '2027' },
    });
    expect(await refusalOf(f.ledger.days.openFirst(SUB_TREASURY, '2026-10-01'))).toMatchObject({ kind: 'failed_precondition', reason: 'NOT_A_BUSINESS_DAY' });
    const [days] = await f.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.business_days where treasury_id = ${SUB_TREASURY}`;
    expect(days!.n).toBe(0);
  });

  it('once the 2027 schedule is approved in, the close skips New Year’s Day', async () => {
    await f.database.sql.begin((tx) => f.ledger.calendar.changeWithin(tx, 2027, [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], '7'));
    const closed = await f.ledger.closeBusinessDay(f.supervisor, TREASURY, NEW_YEARS_EVE);
    expect(closed.opened).toEqual({ treasuryId: TREASURY, date: '2027-01-04', status: 'open' });
    expect(accountRow(closed.statement, '201103')).toEqual(row('0.00', '0.00', '101.00', '101.00'));
    expect((await f.ledger.days.openFirst(SUB_TREASURY, '2027-01-04')).date).toBe('2027-01-04');
  });
});
