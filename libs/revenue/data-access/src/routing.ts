import type { Database } from '@jinku/db';
import { failedPrecondition } from '@jinku/kernel';
import type { Ledger, TreasuryDefinition } from '@jinku/ledger';
import type { Account, FiscalLevel } from '@jinku/ledger-domain';

/** Where one level's part of a receipt is credited at the booking treasury, and whose money it is. */
export interface CreditTarget {
  readonly accountNumber: string;
  /** The treasury that keeps the level: the booking treasury itself, or the one the part is remitted to. */
  readonly treasuryId: string;
}

interface TreasuryBooks {
  readonly definition: TreasuryDefinition;
  /** The account each level's revenue is credited to, for the levels this treasury keeps. */
  readonly levelAccounts: ReadonlyMap<FiscalLevel, string>;
  /** 上下级国库往来: parts kept by another treasury wait here until remitted. */
  readonly interTreasuryAccount: string | undefined;
  /** 清算账户: money comes in (and leaves) through it. */
  readonly clearingAccount: string | undefined;
}

/** A region a treasury serves (set-up and demo data). */
export interface RegionDefinition {
  readonly region: string;
  readonly treasuryId: string;
  readonly name: string;
}

/** Treasuries and charts change rarely; a new one is seen within this long. */
const CACHE_MS = 5_000;

/**
 * The account a level's revenue goes to in a treasury: central revenue to the central budget revenue
 * account, a local level's to its treasury deposit (地方财政库款: the first deposit subject of the chart).
 */
function levelAccountsOf(accounts: readonly Account[]): Map<FiscalLevel, string> {
  const byLevel = new Map<FiscalLevel, Account>();
  for (const account of accounts) {
    const level = account.fiscalLevel;
    const role = account.subject.role;
    if (!level || (level === 'central' ? role !== 'revenue' : role !== 'deposit')) continue;
    const held = byLevel.get(level);
    if (!held || account.subject.code < held.subject.code) byLevel.set(level, account);
  }
  return new Map([...byLevel].map(([level, account]) => [level, account.number]));
}

/**
 * R23 and R31–R32: a receipt is booked where it is paid in; each level's part is credited there when
 * that treasury keeps the level — the branch keeps the central and its own levels, a sub-treasury only
 * its own — and otherwise to the inter-treasury account, to be remitted up to the parent, or, at the
 * branch, down to the sub-treasury serving the receipt's region.
 */
export class RevenueRouting {
  private loaded: { at: number; books: Promise<Map<string, TreasuryBooks>>; regions: Promise<Map<string, string>> } | undefined;

  constructor(
    private readonly database: Database,
    private readonly ledger: Ledger,
  ) {}

  async defineRegions(regions: readonly RegionDefinition[]): Promise<void> {
    if (regions.length === 0) return;
    const { sql } = this.database;
    await sql`insert into revenue.regions ${sql(regions.map((r) => ({ region: r.region, treasury_id: r.treasuryId, name: r.name })))} on conflict (region) do nothing`;
    this.loaded = undefined;
  }

  /** The account receipts are debited to at a treasury. */
  async clearingAccount(treasuryId: string): Promise<string> {
    const account = (await this.books(treasuryId)).clearingAccount;
    if (!account) throw failedPrecondition('NO_CLEARING_ACCOUNT', `treasury ${treasuryId} has no clearing account`);
    return account;
  }

  /** The inter-treasury account (上下级国库往来) parts for other treasuries wait in. */
  async interTreasuryAccount(treasuryId: string): Promise<string> {
    const account = (await this.books(treasuryId)).interTreasuryAccount;
    if (!account) throw failedPrecondition('NO_INTER_TREASURY_ACCOUNT', `treasury ${treasuryId} has no inter-treasury account`);
    return account;
  }

  /** The account a treasury credits a level's revenue to, when it keeps the level. */
  async levelAccount(treasuryId: string, level: FiscalLevel): Promise<string> {
    const account = (await this.books(treasuryId)).levelAccounts.get(level);
    if (!account) throw failedPrecondition('NO_TREASURY_FOR_LEVEL', `treasury ${treasuryId} keeps no ${level} revenue account (R31)`, { level });
    return account;
  }

  /**
   * Where each level's part of a receipt booked at `bookingTreasuryId` is credited, from one
   * snapshot of the treasuries and regions: a plain function, so a chunk of receipts is routed in memory,
   * without an await per part, each level and region worked out once. A part no treasury keeps throws
   * NO_TREASURY_FOR_LEVEL when asked, an unknown booking treasury UNKNOWN_TREASURY.
   */
  async routerFor(bookingTreasuryId: string): Promise<(level: FiscalLevel, region: string) => CreditTarget> {
    const { books, regions } = this.snapshot();
    const [all, served] = await Promise.all([books, regions]);
    const booking = all.get(bookingTreasuryId);
    const known = new Map<string, CreditTarget>();
    return (level, region) => {
      if (!booking) throw failedPrecondition('UNKNOWN_TREASURY', `no treasury ${bookingTreasuryId}`);
      const key = `${level}\u001f${region}`;
      let target = known.get(key);
      if (!target) {
        target = this.route(all, served, booking, level, region);
        known.set(key, target);
      }
      return target;
    };
  }

  private route(all: Map<string, TreasuryBooks>, served: Map<string, string>, booking: TreasuryBooks, level: FiscalLevel, region: string): CreditTarget {
    const bookingTreasuryId = booking.definition.id;
    const own = booking.levelAccounts.get(level);
    if (own && this.keeps(booking, level)) return { accountNumber: own, treasuryId: bookingTreasuryId };
    const keeper = booking.definition.parentId ? this.upperKeeper(all, booking, level) : all.get(served.get(region) ?? '');
    if (!keeper || !keeper.levelAccounts.has(level) || !booking.interTreasuryAccount) {
      throw failedPrecondition('NO_TREASURY_FOR_LEVEL', `no treasury keeps the ${level} part of a receipt of region ${region} booked at ${bookingTreasuryId} (R31)`, {
        level,
        region,
      });
    }
    return { accountNumber: booking.interTreasuryAccount, treasuryId: keeper.definition.id };
  }

  private async books(treasuryId: string): Promise<TreasuryBooks> {
    const books = (await this.snapshot().books).get(treasuryId);
    if (!books) throw failedPrecondition('UNKNOWN_TREASURY', `no treasury ${treasuryId}`);
    return books;
  }

  /** A treasury's own level; the branch (the root) also the central and every level it has an account for. */
  private keeps(books: TreasuryBooks, level: FiscalLevel): boolean {
    return books.definition.parentId === null || books.definition.fiscalLevel === level;
  }

  private upperKeeper(all: Map<string, TreasuryBooks>, from: TreasuryBooks, level: FiscalLevel): TreasuryBooks | undefined {
    for (let at = all.get(from.definition.parentId ?? ''); at; at = all.get(at.definition.parentId ?? '')) {
      if (at.levelAccounts.has(level) && this.keeps(at, level)) return at;
    }
    return undefined;
  }

  private snapshot() {
    if (!this.loaded || Date.now() - this.loaded.at > CACHE_MS) {
      const books = this.loadBooks();
      const regions = this.database.sql<{ region: string; treasury_id: string }[]>`select region, treasury_id from revenue.regions`.then(
        (rows) => new Map(rows.map((row) => [row.region, row.treasury_id])),
      );
      // A failed load is not kept: the next call tries again.
      books.catch(() => (this.loaded = undefined));
      regions.catch(() => (this.loaded = undefined));
      this.loaded = { at: Date.now(), books, regions };
    }
    return this.loaded;
  }

  private async loadBooks(): Promise<Map<string, TreasuryBooks>> {
    const treasuries = await this.ledger.setup.treasuries();
    const entries = await Promise.all(
      treasuries.map(async (definition): Promise<[string, TreasuryBooks]> => {
        const accounts = await this.ledger.setup.accountsOf(definition.id);
        const first = (role: string) => accounts.filter((a) => a.subject.role === role).sort((a, b) => a.number.localeCompare(b.number))[0]?.number;
        return [definition.id, { definition, levelAccounts: levelAccountsOf(accounts), interTreasuryAccount: first('inter_treasury'), clearingAccount: first('clearing') }];
      }),
    );
    return new Map(entries);
  }
}
