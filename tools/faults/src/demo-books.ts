import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI_BUNDLE = 'dist/apps/cli/main.cjs';
/** The tax link of the demo's Shenzhen treasury: a machine principal with the receipt_posting scope. */
export const POSTING_PRINCIPAL = 'sz.tips';

/**
 * Creates and migrates `databaseUrl`'s database, loads the demo books and returns a client key of the
 * posting principal, all with the built cli, as `npm start` does; the seed registers the principal
 * through an approved request (system admin, reviewer, supervisor).
 */
export async function prepareDemoBooks(root: string, databaseUrl: string): Promise<{ key: string }> {
  if (!existsSync(join(root, CLI_BUNDLE))) throw new Error(`${CLI_BUNDLE} is missing: run \`npx nx run cli:build\` first`);
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const cli = async (...args: string[]) => (await run(process.execPath, [join(root, CLI_BUNDLE), ...args], { cwd: root, env })).stdout.trim();
  await cli('migrate');
  await cli('seed-demo');
  return { key: await cli('issue-machine-key', POSTING_PRINCIPAL) };
}
