import { createHash } from 'node:crypto';
import type { Database, Sql, Tx } from '@jinku/db';
import { alreadyExists, authorize, excerpt, formatAmount, idempotencyKeyOf, parseAmount, sumAmounts, systemActor, unavailable, type Actor, type Amount } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { Side } from '@jinku/ledger-domain';
import {
  assertNextToIssue,
  assertNextToUse,
  assertNotIssuedToSelf,
  assertNotYetReceived,
  assertWitness,
  destroyedFrom,
  formatRange,
  formatSerial,
  holdingAccount,
  parseRange,
  requiredText,
  singleSerial,
  VALUABLE_KINDS,
  valuableKind,
  valueOf,
  type CustodyFacts,
  type DestroyedFrom,
  type HolderFacts,
  type SerialRange,
  type ValuableKind,
  type ValuableHolding,
} from '@jinku/seals-domain';

export interface ValuableKindView {
  code: string;
  name: string;
  category: 'blank_voucher' | 'valuable_document';
  unitValue: string;
  custodyAccount: string;
  useAccount: string;
}

export interface ValuableMovementView {
  movementId: string;
  kind: string;
  event: 'received' | 'issued' | 'used' | 'voided' | 'destroyed';
  firstSerial: string;
  lastSerial: string;
  count: number;
  holderUserId: string | null;
  documentReference: string | null;
  reason: string | null;
  voucherId: string | null;
  recordedAt: Date;
  actorUserId: string;
}

/**
 * One account of the count. Kinds of a category share its custody and use accounts, so the register is
 * compared per account: `kind` lists the kinds booked there (comma-separated, catalogue order), and
 * `registerCount`/`registerValue` are their sums.
 */
export interface ValuableCountLine {
  kind: string;
  holding: 'custody' | 'use';
  registerCount: number;
  registerValue: string;
  accountNumber: string;
  bookBalance: string;
  difference: string;
}

export interface ValuableCount {
  lines: ValuableCountLine[];
  agrees: boolean;
  countedAt: Date;
}

export interface Valuables {
  kinds(actor: Actor): Promise<ValuableKindView[]>;
  receive(actor: Actor, r: { kind: string; firstSerial: string; lastSerial: string; documentReference: string; idempotencyKey: string }): Promise<ValuableMovementView>;
  issue(actor: Actor, r: { kind: string; firstSerial: string; lastSerial: string; toUserId: string; idempotencyKey: string }): Promise<ValuableMovementView>;
  use(actor: Actor, r: { kind: string; serial: string; documentReference: string; idempotencyKey: string }): Promise<ValuableMovementView>;
  void(actor: Actor, r: { kind: string; serial: string; reason: string; idempotencyKey: string }): Promise<ValuableMovementView>;
  destroy(
    actor: Actor,
    r: { kind: string; firstSerial: string; lastSerial: string; witnessUserId: string; reason: string; idempotencyKey: string },
  ): Promise<ValuableMovementView>;
  count(actor: Actor): Promise<ValuableCount>;
  /** Trusted, for the ledger's month end (R57(4)): where the register and the off-balance books part, or null. */
  stockDifference(treasuryId: string): Promise<string | null>;
}

type MovementEvent = ValuableMovementView['event'];

/** A movement as asked for, its input checked. */
interface Movement {
  readonly kind: ValuableKind;
  readonly event: MovementEvent;
  readonly range: SerialRange;
  readonly holderUserId: string | null;
  readonly documentReference: string | null;
  readonly reason: string | null;
  readonly witnessUserId: string | null;
}

/** What the register says of the requested range, its holder and the kind's stock. */
interface RegisterFacts {
  readonly firstReceived: bigint | null;
  readonly custody: CustodyFacts;
  readonly holder: HolderFacts;
  readonly voided: boolean;
}

type MovementDetails = Partial<Pick<Movement, 'holderUserId' | 'documentReference' | 'reason' | 'witnessUserId'>>;

/** The off-balance lines a movement posts (收/付 on the custody or use account), and where a destruction took from. */
interface Booking {
  readonly lines: readonly (readonly [ValuableHolding, Side])[];
  readonly destroyedFrom?: DestroyedFrom;
}

/** R27: custody and use are booked apart; voided pieces leave the books when voided, so their destruction posts nothing. */
const BOOKINGS = {
  receive: { lines: [['custody', 'receipt']] },
  issue: { lines: [['custody', 'payment'], ['use', 'receipt']] },
  spend: { lines: [['use', 'payment']] },
  destroy: { custody: { lines: [['custody', 'payment']], destroyedFrom: 'custody' }, voided: { lines: [], destroyedFrom: 'voided' } },
} as const satisfies Record<string, Booking | Record<DestroyedFrom, Booking>>;

interface MovementRow {
  id: string;
  kind: string;
  event: MovementEvent;
  first_serial: string;
  last_serial: string;
  holder_user_id: string | null;
  document_reference: string | null;
  reason: string | null;
  voucher_id: string | null;
  recorded_at: Date;
  actor_user_id: string;
  request_hash: string;
}

const EVENT_NAMES: Readonly<Record<MovementEvent, string>> = { received: '入库', issued: '领用', used: '使用', voided: '作废', destroyed: '销毁' };
const IDEMPOTENCY_CONSTRAINT = 'valuable_movements_idempotency';

/** The custody and use accounts with the kinds booked on each (a category's kinds share them), in account order. */
const COUNTED_ACCOUNTS = (['custody', 'use'] as const)
  .flatMap((holding) =>
    [...new Set(VALUABLE_KINDS.map((kind) => holdingAccount(kind, holding)))].map((accountNumber) => ({
      accountNumber,
      holding,
      kinds: VALUABLE_KINDS.filter((kind) => holdingAccount(kind, holding) === accountNumber),
    })),
  )
  .sort((a, b) => a.accountNumber.localeCompare(b.accountNumber));

type Pieces = ReadonlyMap<string, Readonly<Record<ValuableHolding, number>>>;

/** Counts taken while movements keep landing are retried this often before the caller is told to count again. */
const COUNT_ATTEMPTS = 3;

/** Register against books, per counted account (`balances` in COUNTED_ACCOUNTS order). */
function countOf(pieces: Pieces, balances: readonly Amount[], countedAt: Date): ValuableCount {
  const lines = COUNTED_ACCOUNTS.map(({ accountNumber, holding, kinds }, index): ValuableCountLine => {
    const counted = kinds.map((kind) => ({ kind, pieces: pieces.get(kind.code)?.[holding] ?? 0 }));
    const registerValue = sumAmounts(counted.map((c) => valueOf(c.kind, c.pieces)));
    const bookBalance = balances[index]!;
    return {
      kind: kinds.map((k) => k.code).join(','),
      holding,
      registerCount: counted.reduce((total, c) => total + c.pieces, 0),
      registerValue: formatAmount(registerValue),
      accountNumber,
      bookBalance: formatAmount(bookBalance),
      difference: formatAmount(bookBalance.minus(registerValue)),
    };
  });
  return { lines, agrees: lines.every((line) => parseAmount(line.difference).isZero()), countedAt };
}

const lockKey = (treasuryId: string, kind: string) => `valuables:${treasuryId}:${kind}`;

const requestHash = (m: Movement): string =>
  createHash('sha256')
    .update(JSON.stringify([m.event, m.kind.code, String(m.range.first), String(m.range.last), m.holderUserId, m.documentReference, m.reason, m.witnessUserId]))
    .digest('hex');

function view(row: MovementRow): ValuableMovementView {
  const kind = valuableKind(row.kind);
  const [first, last] = [BigInt(row.first_serial), BigInt(row.last_serial)];
  return {
    movementId: row.id,
    kind: row.kind,
    event: row.event,
    firstSerial: formatSerial(kind, first),
    lastSerial: formatSerial(kind, last),
    count: Number(last - first) + 1,
    holderUserId: row.holder_user_id,
    documentReference: row.document_reference,
    reason: row.reason,
    voucherId: row.voucher_id,
    recordedAt: row.recorded_at,
    actorUserId: row.actor_user_id,
  };
}

/**
 * The register of important blank vouchers and valuable documents (R27). Each movement locks its
 * (treasury, kind) for the transaction, derives the stock from the register, applies the number-order
 * rules and posts its off-balance voucher with the row — so concurrent movements of a kind queue, and
 * the books and the register never part.
 */
export function createValuables(database: Database, ledger: Ledger, options: { now?: () => Date } = {}): Valuables {
  const { sql } = database;
  const now = options.now ?? (() => new Date());

  /** Per kind, the register's serial sets as multiranges: range arithmetic, one pass over the kind's rows. */
  const registerSets = (tx: Sql | Tx, treasuryId: string, kinds: readonly string[], holderUserId: string | null) => tx`
    select kind, received, received - issued - destroyed_from_custody as custody, issued - spent as in_use,
           issued_to_holder, issued_to_holder - spent_by_holder as unused_of_holder, voided - destroyed_voided as voided
    from (
      select kind,
        coalesce(range_agg(r) filter (where event = 'received'), '{}') as received,
        coalesce(range_agg(r) filter (where event = 'issued'), '{}') as issued,
        coalesce(range_agg(r) filter (where event in ('used', 'voided')), '{}') as spent,
        coalesce(range_agg(r) filter (where event = 'voided'), '{}') as voided,
        coalesce(range_agg(r) filter (where destroyed_from = 'custody'), '{}') as destroyed_from_custody,
        coalesce(range_agg(r) filter (where destroyed_from = 'voided'), '{}') as destroyed_voided,
        coalesce(range_agg(r) filter (where event = 'issued' and holder_user_id = ${holderUserId}), '{}') as issued_to_holder,
        coalesce(range_agg(r) filter (where event in ('used', 'voided') and holder_user_id = ${holderUserId}), '{}') as spent_by_holder
      from (
        select kind, event, holder_user_id, destroyed_from, int8range(first_serial, last_serial, '[]') as r
        from seals.valuable_movements where treasury_id = ${treasuryId} and kind = any(${kinds}::text[])
      ) as movements
      group by kind
    ) as aggregated`;

  /**
   * The register against the books. The balances are read on their own connection: the count stands only if no
   * movement (its row and its voucher commit together) landed while the register and the balances were read.
   */
  async function countAgainstBooks(treasuryId: string, readAccount: (accountNumber: string) => Promise<{ balance: Amount }>): Promise<ValuableCount> {
    for (let attempt = 1; ; attempt += 1) {
      const movements = await movementsOf(treasuryId);
      const pieces = await piecesOf(treasuryId);
      const balances = await Promise.all(COUNTED_ACCOUNTS.map(async ({ accountNumber }) => (await readAccount(accountNumber)).balance));
      if ((await movementsOf(treasuryId)) === movements) return countOf(pieces, balances, now());
      if (attempt === COUNT_ATTEMPTS) throw unavailable('VALUABLES_BUSY', 'the register kept moving during the count; count again');
    }
  }

  async function movementsOf(treasuryId: string): Promise<number> {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from seals.valuable_movements where treasury_id = ${treasuryId}`;
    return row!.n;
  }

  /** Pieces per kind in custody and in use (issued, neither used nor voided). */
  async function piecesOf(treasuryId: string): Promise<Pieces> {
    const rows = await sql<{ kind: string; custody: string; in_use: string }[]>`
      with sets as (${registerSets(sql, treasuryId, VALUABLE_KINDS.map((k) => k.code), null)})
      select kind, (select coalesce(sum(upper(x) - lower(x)), 0) from unnest(custody) x)::text as custody,
             (select coalesce(sum(upper(x) - lower(x)), 0) from unnest(in_use) x)::text as in_use
      from sets`;
    return new Map(rows.map((row) => [row.kind, { custody: Number(row.custody), use: Number(row.in_use) }]));
  }

  async function registerFacts(tx: Tx, treasuryId: string, m: Movement): Promise<RegisterFacts> {
    const serial = (value: string | null) => (value === null ? null : BigInt(value));
    const [row] = await tx<
      { first_received: string | null; in_custody: boolean; next_to_issue: string | null; issued: boolean; unused: boolean; next_to_use: string | null; voided: boolean }[]
    >`
      with sets as (${registerSets(tx, treasuryId, [m.kind.code], m.holderUserId)}),
           requested as (select int8range(${String(m.range.first)}::bigint, ${String(m.range.last)}::bigint, '[]') as r)
      select lower(s.received * int8multirange(q.r))::text as first_received,
             coalesce(s.custody @> q.r, false) as in_custody, lower(s.custody)::text as next_to_issue,
             coalesce(s.issued_to_holder @> q.r, false) as issued, coalesce(s.unused_of_holder @> q.r, false) as unused,
             lower(s.unused_of_holder)::text as next_to_use, coalesce(s.voided @> q.r, false) as voided
      from requested q left join sets s on true`;
    return {
      firstReceived: serial(row!.first_received),
      custody: { holdsRange: row!.in_custody, lowest: serial(row!.next_to_issue) },
      holder: { issued: row!.issued, unused: row!.unused, next: serial(row!.next_to_use) },
      voided: row!.voided,
    };
  }

  async function post(tx: Tx, treasuryId: string, movementId: string, m: Movement, booking: Booking): Promise<string | null> {
    if (booking.lines.length === 0) return null;
    const amount = valueOf(m.kind, m.range.count);
    const reference = `valuable-movement:${movementId}`;
    // Jinku's own voucher, as for interest: the keeper keeps the stock, not the books (证、账分管).
    const [voucher] = await ledger.postWithin(tx, systemActor('valuables', treasuryId), [
      {
        treasuryId,
        purpose: `valuables:${movementId}`,
        draft: {
          kind: 'ordinary',
          summary: `${m.kind.name}${EVENT_NAMES[m.event]} ${formatRange(m.kind, m.range)} 共${m.range.count}份`,
          documents: [{ kind: 'valuables_register', reference }, ...(m.documentReference ? [{ kind: 'valuables_document', reference: m.documentReference }] : [])],
          lines: booking.lines.map(([holding, side]) => ({ accountNumber: holdingAccount(m.kind, holding), side, amount, fiscalLevel: null, classificationCode: null })),
        },
      },
    ]);
    return voucher!.id;
  }

  async function attempt(actor: Actor, key: string, m: Movement, book: (facts: RegisterFacts) => Booking): Promise<ValuableMovementView> {
    const treasuryId = actor.treasuryId;
    const hash = requestHash(m);
    return sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtextextended(${lockKey(treasuryId, m.kind.code)}, 0))`;
      const [first] = await tx<MovementRow[]>`
        select * from seals.valuable_movements where treasury_id = ${treasuryId} and actor_user_id = ${actor.userId} and idempotency_key = ${key}`;
      if (first) {
        if (first.request_hash !== hash) {
          throw alreadyExists('IDEMPOTENCY_KEY_REUSED', `idempotency key "${excerpt(key)}" was already used for a different movement`, { idempotencyKey: excerpt(key) });
        }
        return view(first);
      }
      const booking = book(await registerFacts(tx, treasuryId, m));
      // The id comes first: it names the voucher's key, and the row records the voucher.
      const [allocated] = await tx<{ id: string }[]>`select nextval(pg_get_serial_sequence('seals.valuable_movements', 'id'))::text as id`;
      const id = allocated!.id;
      const voucherId = await post(tx, treasuryId, id, m, booking);
      const [row] = await tx<MovementRow[]>`
        insert into seals.valuable_movements
          (id, treasury_id, kind, event, first_serial, last_serial, holder_user_id, document_reference, reason, witness_user_id, destroyed_from,
           voucher_id, actor_user_id, idempotency_key, request_hash, recorded_at)
        overriding system value
        values (${id}, ${treasuryId}, ${m.kind.code}, ${m.event}, ${String(m.range.first)}, ${String(m.range.last)}, ${m.holderUserId},
                ${m.documentReference}, ${m.reason}, ${m.witnessUserId}, ${booking.destroyedFrom ?? null}, ${voucherId}, ${actor.userId}, ${key},
                ${hash}, ${now()})
        returning *`;
      return view(row!);
    });
  }

  /**
   * Records a movement once per key. The same key on another kind takes another lock, so two such requests
   * can race to the unique key: the loser runs again and finds the winner's row.
   */
  async function record(actor: Actor, idempotencyKey: string, m: Movement, book: (facts: RegisterFacts) => Booking): Promise<ValuableMovementView> {
    const key = idempotencyKeyOf(idempotencyKey);
    try {
      return await attempt(actor, key, m, book);
    } catch (error) {
      const { code, constraint_name } = error as { code?: string; constraint_name?: string };
      if (code !== '23505' || constraint_name !== IDEMPOTENCY_CONSTRAINT) throw error;
      return attempt(actor, key, m, book);
    }
  }

  const movement = (kind: ValuableKind, event: MovementEvent, range: SerialRange, details: MovementDetails): Movement => ({
    kind,
    event,
    range,
    holderUserId: null,
    documentReference: null,
    reason: null,
    witnessUserId: null,
    ...details,
  });

  /** Using and voiding take the holder's next piece, one at a time (销号控制). */
  async function spend(actor: Actor, event: 'used' | 'voided', r: { kind: string; serial: string; idempotencyKey: string }, details: MovementDetails) {
    const kind = valuableKind(r.kind);
    const m = movement(kind, event, singleSerial(kind, r.serial), { ...details, holderUserId: actor.userId });
    return record(actor, r.idempotencyKey, m, (facts) => {
      assertNextToUse(kind, m.range.first, facts.holder);
      return BOOKINGS.spend;
    });
  }

  return {
    async kinds(actor) {
      authorize(actor, 'valuables.read', actor.treasuryId);
      return VALUABLE_KINDS.map((kind) => ({
        code: kind.code,
        name: kind.name,
        category: kind.category,
        unitValue: kind.unitValue,
        custodyAccount: holdingAccount(kind, 'custody'),
        useAccount: holdingAccount(kind, 'use'),
      }));
    },

    async receive(actor, r) {
      authorize(actor, 'valuables.keep', actor.treasuryId);
      const kind = valuableKind(r.kind);
      const documentReference = requiredText(r.documentReference, 'document_reference', 'DOCUMENT_REFERENCE_REQUIRED');
      const m = movement(kind, 'received', parseRange(kind, r.firstSerial, r.lastSerial), { documentReference });
      return record(actor, r.idempotencyKey, m, (facts) => {
        assertNotYetReceived(kind, m.range, facts.firstReceived);
        return BOOKINGS.receive;
      });
    },

    async issue(actor, r) {
      authorize(actor, 'valuables.keep', actor.treasuryId);
      const kind = valuableKind(r.kind);
      const toUserId = requiredText(r.toUserId, 'to_user_id', 'RECIPIENT_REQUIRED');
      assertNotIssuedToSelf(actor.userId, toUserId);
      const m = movement(kind, 'issued', parseRange(kind, r.firstSerial, r.lastSerial), { holderUserId: toUserId });
      return record(actor, r.idempotencyKey, m, (facts) => {
        assertNextToIssue(kind, m.range, facts.custody);
        return BOOKINGS.issue;
      });
    },

    async use(actor, r) {
      authorize(actor, 'valuables.use', actor.treasuryId);
      return spend(actor, 'used', r, { documentReference: requiredText(r.documentReference, 'document_reference', 'DOCUMENT_REFERENCE_REQUIRED') });
    },

    async void(actor, r) {
      authorize(actor, 'valuables.use', actor.treasuryId);
      return spend(actor, 'voided', r, { reason: requiredText(r.reason, 'reason', 'REASON_REQUIRED') });
    },

    async destroy(actor, r) {
      authorize(actor, 'valuables.destroy', actor.treasuryId);
      const kind = valuableKind(r.kind);
      const range = parseRange(kind, r.firstSerial, r.lastSerial);
      assertWitness(actor.userId, r.witnessUserId);
      const m = movement(kind, 'destroyed', range, { witnessUserId: r.witnessUserId, reason: requiredText(r.reason, 'reason', 'REASON_REQUIRED') });
      return record(actor, r.idempotencyKey, m, (facts) => BOOKINGS.destroy[destroyedFrom(kind, range, { inCustody: facts.custody.holdsRange, voided: facts.voided })]);
    },

    async count(actor) {
      authorize(actor, 'valuables.count', actor.treasuryId);
      return countAgainstBooks(actor.treasuryId, (accountNumber) => ledger.getAccount(actor, actor.treasuryId, accountNumber));
    },

    async stockDifference(treasuryId) {
      const { lines } = await countAgainstBooks(treasuryId, (accountNumber) => ledger.accounts.get(treasuryId, accountNumber));
      const differing = lines.filter((line) => !parseAmount(line.difference).isZero());
      return differing.length === 0 ? null : differing.map((line) => `${line.kind} ${line.holding}: register ${line.registerValue}, books ${line.bookBalance}`).join('; ');
    },
  };
}
