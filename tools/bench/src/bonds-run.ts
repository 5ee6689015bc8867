import { approvalsMigrations, createApprovals } from '@jinku/approvals';
import { migrate, openDatabase } from '@jinku/db';
import { bondIssueRegistrationAction, createDebtRedemption, debtRedemptionMigrations } from '@jinku/debt-redemption';
import type { Actor, Post } from '@jinku/kernel';
import { createLedger, demoTreasuries, jurisdictionsOf, ledgerMigrations, seedLedgerDemo } from '@jinku/ledger';
import { toolOptions } from '@jinku/runtime';
import { recreateDatabase } from './setup';

const USAGE = `usage: npx nx run bench:bench-bonds [-- --instruments 100000]
Drops and recreates the database jinku_bench_bonds on 127.0.0.1:5432; talks to nothing else. Registers a bond
issue of 1,000,000 serials through approvals, then times one claim of the agency bank: every instrument checked
against the registry (set-based: one statement for serials, runs and earlier redemptions), recorded, and received
off-balance in one transaction; then the same claim again, refused whole, every instrument named.`;

const URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench_bonds';
const say = (text: string) => process.stderr.write(`[bonds-bench] ${text}\n`);

async function main(): Promise<void> {
  const { positive } = toolOptions(process.argv.slice(2), { instruments: { type: 'string' } }, USAGE);
  const count = Math.ceil(positive('instruments', 100_000));
  await recreateDatabase(URL);
  const database = openDatabase(URL, { max: 4 });
  try {
    await migrate(database, [ledgerMigrations, approvalsMigrations, debtRedemptionMigrations]);
    const ledger = createLedger(database);
    const today = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
    const people = new Map<string, Actor>();
    const actor = (userId: string, kind: 'person' | 'machine', posts: Post[] = []): Actor => {
      const { reach, jurisdictionId } = jurisdictionsOf(demoTreasuries).get('SZ')!;
      const made: Actor = { kind, userId, login: userId, treasuryId: 'SZ', posts, scopes: kind === 'machine' ? ['bond_redemption'] : [], reach, jurisdictionId };
      people.set(userId, made);
      return made;
    };
    const approvals = createApprovals(database, ledger, [bondIssueRegistrationAction(database)], { currentPerson: async (userId) => people.get(userId)! });
    const payload = {
      code: 'SAV-BENCH',
      name: 'bench',
      kind: 'bond_receipt',
      couponRate: '3.0',
      valueDate: '2023-03-10',
      maturityDate: '2026-03-10',
      redeemFrom: '2026-03-10',
      redeemTo: '2026-12-31',
      ranges: [{ prefix: 'S', first: '1', last: '1000000', faceValue: '1000.00' }],
    };
    let request = await approvals.submit(actor('admin', 'person', ['system_admin']), { kind: 'bond_issue_registration', treasuryId: 'SZ', idempotencyKey: 'issue', documents: [], payload });
    for (const checker of [actor('reviewer', 'person', ['reviewer']), actor('supervisor', 'person', ['accounting_supervisor'])]) {
      request = await approvals.act(checker, { requestId: request.id, decision: 'approve', comment: 'ok', keyElements: null });
    }
    const redemption = createDebtRedemption(database, ledger);
    const instruments = Array.from({ length: count }, (_, i) => ({ issueCode: 'SAV-BENCH', serial: `S${String(i + 1).padStart(8, '0')}`, faceValue: '1000.00', interest: '90.00' }));
    const bank = actor('principal:bench-bank', 'machine');
    say(`claim of ${count} instruments`);
    let started = performance.now();
    const taken = await redemption.submitClaim(bank, { claimNumber: 'BENCH-1', claimDate: today, instruments });
    const acceptSeconds = (performance.now() - started) / 1000;
    if (!taken.accepted) throw new Error(`claim refused: ${taken.failures.length} failures`);
    started = performance.now();
    const refused = await redemption.submitClaim(bank, { claimNumber: 'BENCH-2', claimDate: today, instruments });
    const refuseSeconds = (performance.now() - started) / 1000;
    if (refused.accepted || refused.failures.length !== count) throw new Error('the second claim was not refused instrument by instrument');
    const check = await redemption.custodyCheck(actor('reviewer', 'person', ['reviewer']), 'SZ');
    process.stdout.write(
      [
        `| claim of ${count.toLocaleString('en-US')} instruments | seconds | instruments/s |`,
        `| --- | --: | --: |`,
        `| verified, recorded, received off-balance | ${acceptSeconds.toFixed(2)} | ${Math.round(count / acceptSeconds).toLocaleString('en-US')} |`,
        `| the same again: refused, every instrument named ALREADY_REDEEMED | ${refuseSeconds.toFixed(2)} | ${Math.round(count / refuseSeconds).toLocaleString('en-US')} |`,
        ``,
        `custody check: ${check.map((line) => `${line.kind} instruments ${line.instruments} books ${line.books} ${line.agrees ? 'agree' : 'DIFFER'}`).join('; ')}`,
        ``,
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
