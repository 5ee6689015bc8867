import { SPREAD_ACCOUNTS_PER_SUBJECT, spreadAccountNumber, type BenchAccount } from './setup';

/** One two-line receipt to post: debit a clearing account, credit a revenue or deposit account, same amount. */
export interface VoucherSpec {
  readonly idempotencyKey: string;
  readonly debit: BenchAccount;
  readonly credit: BenchAccount;
  readonly amountCents: number;
}

export interface Workload {
  readonly name: 'spread' | 'hot';
  readonly description: string;
  /** The next voucher; every call gets a new idempotency key under `keyPrefix`. */
  next(keyPrefix: string): VoucherSpec;
}

export const SUMMARY = '基准测试入账';
export const DOCUMENT_KIND = 'bench_form';

/** Yuan text with two decimals, built from integer cents so no float ever reaches an amount. */
export function formatCents(cents: number): string {
  const magnitude = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** Signed change of the stored balance: positive on the subject's normal side (as the ledger stores it). */
export const balanceEffectCents = (account: BenchAccount, side: 'debit' | 'credit', cents: number): number =>
  account.normalSide === side ? cents : -cents;

/** Deterministic, so two runs post the same sequence of accounts and amounts. */
function randomSource(seed: number): (below: number) => number {
  let state = seed >>> 0 || 1;
  return (below) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

function keys(): (prefix: string) => string {
  let counter = 0;
  return (prefix) => `${prefix}:${(counter += 1)}`;
}

const amountCents = (random: (below: number) => number) => 100 + random(999_900); // 1.00 .. 9999.99

function lookup(accounts: ReadonlyMap<string, BenchAccount>, number: string): BenchAccount {
  const account = accounts.get(number);
  if (!account) throw new Error(`bench account ${number} is missing`);
  return account;
}

/**
 * A receipt into a random one of 5,000 clearing accounts (1051), credited to a random one of 5,000 revenue
 * accounts (1011): little contention on balance rows.
 */
export function spreadWorkload(accounts: ReadonlyMap<string, BenchAccount>): Workload {
  const debits = Array.from({ length: SPREAD_ACCOUNTS_PER_SUBJECT }, (_, i) => lookup(accounts, spreadAccountNumber('1051', i)));
  const credits = Array.from({ length: SPREAD_ACCOUNTS_PER_SUBJECT }, (_, i) => lookup(accounts, spreadAccountNumber('1011', i)));
  const random = randomSource(1031);
  const key = keys();
  return {
    name: 'spread',
    description: `receipts: debit 1 of ${debits.length} clearing (1051), credit 1 of ${credits.length} revenue (1011)`,
    next: (keyPrefix) => ({
      idempotencyKey: key(keyPrefix),
      debit: debits[random(debits.length)]!,
      credit: credits[random(credits.length)]!,
      amountCents: amountCents(random),
    }),
  };
}

/**
 * Every receipt debits the clearing account 105100 (one balance row that every posting must lock) and
 * credits revenue 101101 or deposit 201103.
 */
export function hotWorkload(accounts: ReadonlyMap<string, BenchAccount>): Workload {
  const clearing = lookup(accounts, '105100');
  const credits = [lookup(accounts, '101101'), lookup(accounts, '201103')];
  const random = randomSource(1051);
  const key = keys();
  return {
    name: 'hot',
    description: 'receipts: debit clearing 105100, credit revenue 101101 or deposit 201103',
    next: (keyPrefix) => ({
      idempotencyKey: key(keyPrefix),
      debit: clearing,
      credit: credits[random(credits.length)]!,
      amountCents: amountCents(random),
    }),
  };
}
