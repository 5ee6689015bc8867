import { ALL_MIGRATIONS } from '@jinku/all-migrations';
import { registerDemoPrincipals } from './demo-principals';
import { ensureDatabaseExists, migrate, openDatabase } from '@jinku/db';
import { treasuryDate } from '@jinku/kernel';
import { createIdentity } from '@jinku/identity';
import { createLedger, demoTreasuries, jurisdictionLookup, seedLedgerDemo } from '@jinku/ledger';
import { createLogger, loadConfigOrExit } from '@jinku/runtime';
import { sealKeyringFromEnv } from '@jinku/seals';
import { loadDemoDisbursement } from './demo-disbursement';
import { loadDemoRevenue } from './demo-revenue';
import { registerDemoSeals } from './demo-seals';
import { demoUsers } from './demo-users';

const USAGE = `usage: jinku-cli <command>
  migrate                       create the database if missing and apply every context's migrations
  seed-demo                     load the demo treasuries, chart, codes, calendar and users into an empty database
  issue-token <login> [days]    print a new bearer token for a user (at most 31 days, default 30)
  issue-machine-key <name>      print a new client key for a registered machine principal (revokes its earlier keys)
  set-password <login>          set a user's password from the first line of standard input (rotates monthly)`;

const log = createLogger('jinku-cli', 'stderr');
const config = loadConfigOrExit(log);

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === 'migrate') await ensureDatabaseExists(config.databaseUrl);
  // Migrations and loading the books run as long as they need: no statement or lock limit, whatever the database's default.
  const database = openDatabase(config.databaseUrl, { max: 2, statementTimeoutMs: 0, lockTimeoutMs: 0 });
  try {
    switch (command) {
      case 'migrate':
        await migrate(database, ALL_MIGRATIONS);
        log.info('migrations applied');
        return;
      case 'seed-demo': {
        const ledger = createLedger(database);
        if (!(await ledger.setup.isEmpty())) {
          log.info('database already has treasuries; demo data not loaded');
          return;
        }
        const today = treasuryDate();
        const firstDay = await seedLedgerDemo(ledger.setup, ledger.days, today);
        const identity = createIdentity(database, { jurisdictionOf: jurisdictionLookup(ledger.setup) });
        for (const user of demoUsers(demoTreasuries.map((t) => t.id))) await identity.createUser(user);
        const principals = await registerDemoPrincipals(database, ledger, identity, demoTreasuries.map((t) => t.id));
        // Seals need the key their private keys are encrypted under; npm start provides one.
        const seals = process.env['JINKU_SEAL_KEY']
          ? await registerDemoSeals(database, ledger, identity, sealKeyringFromEnv(), demoTreasuries.map((t) => t.id))
          : 'none: JINKU_SEAL_KEY is not set';
        const sharingRules = await loadDemoRevenue(database, ledger, identity, firstDay);
        const planLines = await loadDemoDisbursement(database, ledger, identity, firstDay);
        log.info(
          { firstDay, treasuries: demoTreasuries.map((t) => t.id), principals, seals, sharingRules, planLines },
          'demo data loaded; issue a token with: npm run cli -- issue-token sz.operator, a machine key with: npm run cli -- issue-machine-key sz.tips',
        );
        return;
      }
      case 'issue-machine-key': {
        const [name] = args;
        if (!name) throw new Error(USAGE);
        const { key, principal } = await createIdentity(database).principals.issueKey(null, name);
        process.stdout.write(`${key}\n`);
        log.info({ principal: principal.name, treasury: principal.treasuryId, scopes: principal.scopes }, 'machine key issued; earlier keys revoked');
        return;
      }
      case 'issue-token': {
        const [login, days] = args;
        if (!login) throw new Error(USAGE);
        const { token, expiresAt } = await createIdentity(database).issueToken(login, days ? Number(days) : undefined);
        process.stdout.write(`${token}\n`);
        log.info({ login, expiresAt }, 'token issued');
        return;
      }
      case 'set-password': {
        const [login] = args;
        if (!login) throw new Error(USAGE);
        const password = (await readStdin()).split('\n')[0] ?? '';
        const { expiresAt } = await createIdentity(database).setPassword(login, password);
        log.info({ login, expiresAt }, 'password set; sign in with StaffService/SignIn');
        return;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  log.error({ err: error }, error instanceof Error ? error.message : 'failed');
  process.exit(1);
});
