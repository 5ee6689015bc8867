import type { Sql, Tx } from '@jinku/db';
import { alreadyExists, checkText, DomainError, excerpt, failedPrecondition, type Actor, type Amount } from '@jinku/kernel';
import {
  applyToBalances,
  assertReceiptShaped,
  checkVoucherText,
  TEXT_LIMITS,
  validateVoucher,
  type PostedVoucher,
  type PostingLine,
  type VoucherDraft,
} from '@jinku/ledger-domain';
import { Decimal } from 'decimal.js';
import { isRetryable, refusalOfData } from './database-refusals';
import { dayLockKey } from './days';
import type { Directory } from './directory';
import { requestHash } from './request-hash';

/**
 * A voucher to post. The engine checks the voucher itself, never who may post it: the ledger's public API
 * authorizes the caller first (a machine principal's receipt, an approved operation, a system run).
 */
export interface PostingRequest {
  /** Recorded as the voucher's maker. */
  readonly actor: Actor;
  readonly treasuryId: string;
  readonly idempotencyKey: string;
  readonly draft: VoucherDraft;
  readonly reversesVoucherId?: string | null;
  readonly correctsVoucherId?: string | null;
  /** Set when the voucher was approved through a maker-checker request (the maker is `actor`). */
  readonly approval?: { readonly checkerId: string; readonly requestId: string } | null;
  /** Hash of what is posted with this voucher under a derived key (a reversal's correction): part of its request body. */
  readonly companionHash?: string | null;
  /** Posted directly by a client: must be a receipt (see `assertReceiptShaped`). */
  readonly receiptOnly?: boolean;
}

export type PostingOutcome =
  | { readonly ok: true; readonly voucher: PostedVoucher; readonly replayed: boolean }
  | { readonly ok: false; readonly error: DomainError };

/** per-voucher: each voucher stands or falls alone; all-or-nothing: one refusal refuses them all. */
export type Atomicity = 'per-voucher' | 'all-or-nothing';

interface Prepared {
  readonly index: number;
  readonly request: PostingRequest;
  readonly lines: PostingLine[];
  readonly hash: string;
}

type Loader = (treasuryId: string, voucherId: string, tx?: Tx) => Promise<PostedVoucher>;

const MAX_ATTEMPTS = 5;

/**
 * Posts a batch of vouchers in one transaction. Balance rows are locked once per account, in account-id
 * order, and changed once per account: a hot account costs one lock and one update per batch, not per
 * voucher, and concurrent batches cannot deadlock. A concurrent retry of the same idempotency key waits on
 * the unique index and fails; the retry finds the first voucher and replays it, never posting twice.
 */
export class PostingEngine {
  constructor(
    private readonly sql: Sql,
    private readonly directory: Directory,
    private readonly loadVoucher: Loader,
  ) {}

  /**
   * Posts the requests; inside `outer` (another context's transaction, e.g. a final approval) the
   * postings commit or roll back with it, through a savepoint of their own.
   */
  async post(requests: readonly PostingRequest[], atomicity: Atomicity = 'per-voucher', outer?: Tx): Promise<PostingOutcome[]> {
    const outcomes: PostingOutcome[] = new Array(requests.length);
    const leaders = new Map<string, Prepared>();
    const followers: Prepared[] = [];
    for (const [index, request] of requests.entries()) {
      try {
        const prepared = { index, request, lines: await this.validate(request), hash: hashOf(request) };
        const key = keyOf(request);
        if (leaders.has(key)) followers.push(prepared);
        else leaders.set(key, prepared);
      } catch (error) {
        outcomes[index] = refusal(error);
      }
    }
    if (atomicity === 'all-or-nothing' && outcomes.some(Boolean)) return abortRest(outcomes, requests.length);

    const replays = await this.postGroup([...leaders.values()], outcomes, atomicity, outer);
    for (const [index, voucherId] of replays) {
      const request = requests[index]!;
      outcomes[index] = { ok: true, voucher: await this.loadVoucher(request.treasuryId, voucherId, outer), replayed: true };
    }
    if (followers.length > 0) {
      // Repeats of a key within one call go in a second round, once the leader has committed or failed:
      // each then replays the voucher that won, is refused for another body, or posts if the leader failed.
      const repeats = await this.post(
        followers.map((f) => f.request),
        'per-voucher',
        outer,
      );
      followers.forEach((follower, i) => (outcomes[follower.index] = repeats[i]!));
    }
    if (atomicity === 'all-or-nothing' && outcomes.some((o) => !o.ok)) return abortRest(outcomes, requests.length);
    return outcomes;
  }

  private async validate(request: PostingRequest): Promise<PostingLine[]> {
    checkText(request.idempotencyKey, 'idempotency_key', TEXT_LIMITS.idempotencyKey);
    const lines = await this.check(request.treasuryId, request.draft);
    if (request.receiptOnly) assertReceiptShaped(request.draft.kind, lines);
    return lines;
  }

  /**
   * The voucher's own rules against the treasury's chart and the classification codes. Its texts are
   * checked first, so no lookup and no shared transaction ever carries text the database cannot store.
   */
  async check(treasuryId: string, draft: VoucherDraft): Promise<PostingLine[]> {
    checkText(treasuryId, 'treasury_id', TEXT_LIMITS.treasuryId);
    checkVoucherText(draft);
    const accountsByNumber = await this.directory.accounts(treasuryId, draft.lines.map((l) => l.accountNumber));
    const codes = await this.directory.classificationCodes();
    const unknownCode = draft.lines.find((l) => l.classificationCode !== null && !codes.has(l.classificationCode));
    const known = unknownCode ? await this.directory.isKnownClassificationCode(unknownCode.classificationCode!) : true;
    return validateVoucher(draft, { accountsByNumber, isKnownClassificationCode: (code) => known || codes.has(code) });
  }

  /**
   * Posts a group in one transaction. Should the database still refuse a statement for the data one
   * voucher carries (see `refusalOfData`), that transaction is lost for every voucher in it: per voucher,
   * the group is split in halves and each posted on its own, until the culprit stands alone and is refused
   * — one poisoned voucher costs the others a few more transactions, never their posting. All or nothing,
   * the group fails as one.
   */
  private async postGroup(group: Prepared[], outcomes: PostingOutcome[], atomicity: Atomicity, outer?: Tx): Promise<Map<number, string>> {
    try {
      // Inside `outer` the work runs in a savepoint, so a retry after a race sees the racing commit too.
      return await this.withRetry(() => this.postInTransaction(group, outcomes, atomicity, outer));
    } catch (error) {
      const refused = atomicity === 'per-voucher' ? refusalOfData(error) : null;
      if (!refused) throw error;
      if (group.length === 1) {
        outcomes[group[0]!.index] = { ok: false, error: refused };
        return new Map();
      }
      const half = Math.ceil(group.length / 2);
      const first = await this.postGroup(group.slice(0, half), outcomes, atomicity, outer);
      const second = await this.postGroup(group.slice(half), outcomes, atomicity, outer);
      return new Map([...first, ...second]);
    }
  }

  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  /** Fills `outcomes` for the leaders and returns the ones that replay an already posted voucher. */
  private async postInTransaction(
    leaders: Prepared[],
    outcomes: PostingOutcome[],
    atomicity: Atomicity,
    outer?: Tx,
  ): Promise<Map<number, string>> {
    const replays = new Map<number, string>();
    if (leaders.length === 0) return replays;
    const results = new Map<number, PostingOutcome>();
    const transaction = <T>(work: (tx: Tx) => Promise<T>) => (outer ? outer.savepoint(work) : this.sql.begin(work));
    await transaction(async (tx) => {
        const openDays = await lockOpenDays(tx, [...new Set(leaders.map((p) => p.request.treasuryId))]);
        const existing = await findExisting(tx, leaders);
        const reversed = await findReversed(tx, leaders);

        const toPost: Prepared[] = [];
        for (const prepared of leaders) {
          const { request } = prepared;
          const found = existing.get(keyOf(request));
          if (found) {
            // A replay answers only the principal that posted first; anyone else learns nothing of it.
            if (found.hash === prepared.hash && found.makerId === request.actor.userId) replays.set(prepared.index, found.id);
            else results.set(prepared.index, refusal(keyReused(request)));
          } else if (!openDays.has(request.treasuryId)) {
            results.set(prepared.index, refusal(failedPrecondition('NO_OPEN_BUSINESS_DAY', `treasury ${request.treasuryId} has no open business day`)));
          } else if (request.reversesVoucherId && reversed.has(request.reversesVoucherId)) {
            results.set(prepared.index, refusal(failedPrecondition('ALREADY_REVERSED', `voucher ${request.reversesVoucherId} was already reversed`)));
          } else {
            toPost.push(prepared);
          }
        }

        const balances = await lockBalances(tx, toPost);
        const accepted: Prepared[] = [];
        for (const prepared of toPost) {
          try {
            for (const [id, balance] of applyToBalances(prepared.lines, balances)) balances.set(id, balance);
            accepted.push(prepared);
          } catch (error) {
            results.set(prepared.index, refusal(error));
          }
        }
        if (atomicity === 'all-or-nothing' && results.size > 0) throw new Rollback();

        const posted = await insertVouchers(tx, accepted, openDays);
        await insertEntries(tx, accepted, posted, openDays);
        await writeBalances(tx, accepted, balances);
        for (const prepared of accepted) {
          const row = posted.get(keyOf(prepared.request))!;
          results.set(prepared.index, { ok: true, replayed: false, voucher: toPosted(prepared, row, openDays) });
        }
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    for (const [index, outcome] of results) outcomes[index] = outcome;
    return replays;
  }
}

class Rollback extends Error {}

const keyOf = (request: PostingRequest): string => `${request.treasuryId}\u001f${request.idempotencyKey}`;

const hashOf = (request: PostingRequest): string =>
  requestHash(request.treasuryId, request.draft, {
    reverses: request.reversesVoucherId ?? null,
    corrects: request.correctsVoucherId ?? null,
    approvalRequest: request.approval?.requestId ?? null,
    ...(request.companionHash ? { companion: request.companionHash } : {}),
  });

const keyReused = (request: PostingRequest) =>
  alreadyExists('IDEMPOTENCY_KEY_REUSED', `idempotency key "${excerpt(request.idempotencyKey)}" was already used for a different voucher`, {
    idempotencyKey: excerpt(request.idempotencyKey),
  });

function refusal(error: unknown): PostingOutcome {
  if (error instanceof DomainError) return { ok: false, error };
  throw error;
}

function abortRest(outcomes: PostingOutcome[], length: number): PostingOutcome[] {
  const aborted = failedPrecondition('BATCH_ABORTED', 'not posted: another voucher of this all-or-nothing request was refused');
  return Array.from({ length }, (_, i) => (outcomes[i] && !outcomes[i].ok ? outcomes[i] : { ok: false, error: aborted }));
}

/**
 * Postings hold each treasury's day lock shared and closing takes it exclusive, so a close waits for the
 * postings in flight and postings arriving after it queue behind it (sorted: no lock-order deadlocks).
 * The open day is read after the lock, so it is the day that stays open until this transaction commits.
 */
async function lockOpenDays(tx: Tx, treasuryIds: string[]): Promise<Map<string, string>> {
  const sorted = [...treasuryIds].sort();
  await tx`select pg_advisory_xact_lock_shared(hashtextextended(k, 0)) from unnest(${sorted.map(dayLockKey)}::text[]) as k`;
  const rows = await tx<{ treasury_id: string; date: string }[]>`
    select treasury_id, date::text as date from ledger.business_days
    where treasury_id = any(${sorted}::text[]) and status = 'open'`;
  return new Map(rows.map((row) => [row.treasury_id, row.date]));
}

async function findExisting(tx: Tx, leaders: Prepared[]): Promise<Map<string, { id: string; hash: string; makerId: string }>> {
  const rows = await tx<{ id: string; treasury_id: string; idempotency_key: string; request_hash: string; maker_id: string }[]>`
    select v.id, v.treasury_id, v.idempotency_key, v.request_hash, v.maker_id
    from unnest(${leaders.map((p) => p.request.treasuryId)}::text[], ${leaders.map((p) => p.request.idempotencyKey)}::text[]) as k(treasury_id, idempotency_key)
    join ledger.vouchers v using (treasury_id, idempotency_key)`;
  return new Map(rows.map((r) => [`${r.treasury_id}\u001f${r.idempotency_key}`, { id: r.id, hash: r.request_hash, makerId: r.maker_id }]));
}

async function findReversed(tx: Tx, leaders: Prepared[]): Promise<Set<string>> {
  const targets = leaders.flatMap((p) => (p.request.reversesVoucherId ? [p.request.reversesVoucherId] : []));
  if (targets.length === 0) return new Set();
  const rows = await tx<{ id: string }[]>`
    select reverses_voucher_id as id from ledger.vouchers where reverses_voucher_id = any(${targets}::bigint[])`;
  return new Set(rows.map((r) => r.id));
}

async function lockBalances(tx: Tx, toPost: Prepared[]): Promise<Map<string, Amount>> {
  const ids = [...new Set(toPost.flatMap((p) => p.lines.map((l) => l.account.id)))];
  if (ids.length === 0) return new Map();
  const rows = await tx<{ account_id: string; balance: string }[]>`
    select account_id, balance from ledger.account_balances
    where account_id = any(${ids}::bigint[]) order by account_id for update`;
  return new Map(rows.map((row) => [row.account_id, new Decimal(row.balance)]));
}

interface PostedRow {
  id: string;
  posted_at: Date;
}

async function insertVouchers(tx: Tx, accepted: Prepared[], openDays: Map<string, string>): Promise<Map<string, PostedRow>> {
  if (accepted.length === 0) return new Map();
  const column = <T>(pick: (p: Prepared) => T) => accepted.map(pick);
  const rows = await tx<(PostedRow & { treasury_id: string; idempotency_key: string })[]>`
    insert into ledger.vouchers
      (treasury_id, business_date, kind, summary, documents, maker_id, idempotency_key, request_hash, reverses_voucher_id, corrects_voucher_id,
       checker_id, approval_request_id)
    select treasury_id, business_date::date, kind, summary, documents::jsonb, maker_id, idempotency_key, request_hash, reverses, corrects,
           checker, request
    from unnest(
      ${column((p) => p.request.treasuryId)}::text[],
      ${column((p) => openDays.get(p.request.treasuryId)!)}::text[],
      ${column((p) => p.request.draft.kind)}::text[],
      ${column((p) => p.request.draft.summary)}::text[],
      ${column((p) => JSON.stringify(p.request.draft.documents))}::text[],
      ${column((p) => p.request.actor.userId)}::text[],
      ${column((p) => p.request.idempotencyKey)}::text[],
      ${column((p) => p.hash)}::text[],
      ${column((p) => p.request.reversesVoucherId ?? null)}::bigint[],
      ${column((p) => p.request.correctsVoucherId ?? null)}::bigint[],
      ${column((p) => p.request.approval?.checkerId ?? null)}::text[],
      ${column((p) => p.request.approval?.requestId ?? null)}::bigint[])
      as v(treasury_id, business_date, kind, summary, documents, maker_id, idempotency_key, request_hash, reverses, corrects, checker, request)
    returning id, posted_at, treasury_id, idempotency_key`;
  return new Map(rows.map((r) => [`${r.treasury_id}\u001f${r.idempotency_key}`, r]));
}

async function insertEntries(tx: Tx, accepted: Prepared[], posted: Map<string, PostedRow>, openDays: Map<string, string>): Promise<void> {
  const lines = accepted.flatMap((p) =>
    p.lines.map((line, lineNo) => ({ line, lineNo, voucherId: posted.get(keyOf(p.request))!.id, request: p.request })),
  );
  if (lines.length === 0) return;
  const column = <T>(pick: (l: (typeof lines)[number]) => T) => lines.map(pick);
  await tx`
    insert into ledger.entries
      (voucher_id, line_no, treasury_id, business_date, account_id, subject_code, side, amount, fiscal_level, classification_code)
    select voucher_id, line_no, treasury_id, business_date::date, account_id, subject_code, side, amount, fiscal_level, classification_code
    from unnest(
      ${column((l) => l.voucherId)}::bigint[],
      ${column((l) => l.lineNo)}::int[],
      ${column((l) => l.request.treasuryId)}::text[],
      ${column((l) => openDays.get(l.request.treasuryId)!)}::text[],
      ${column((l) => l.line.account.id)}::bigint[],
      ${column((l) => l.line.account.subject.code)}::text[],
      ${column((l) => l.line.side)}::text[],
      ${column((l) => l.line.amount.toFixed(2))}::numeric[],
      ${column((l) => l.line.fiscalLevel)}::text[],
      ${column((l) => l.line.classificationCode)}::text[])
      as v(voucher_id, line_no, treasury_id, business_date, account_id, subject_code, side, amount, fiscal_level, classification_code)`;
}

/** One UPDATE for the whole batch, one row change per account however many vouchers touched it. */
async function writeBalances(tx: Tx, accepted: Prepared[], balances: Map<string, Amount>): Promise<void> {
  const touched = [...new Set(accepted.flatMap((p) => p.lines.map((l) => l.account.id)))];
  if (touched.length === 0) return;
  await tx`
    update ledger.account_balances b set balance = v.balance
    from unnest(${touched}::bigint[], ${touched.map((id) => balances.get(id)!.toFixed(2))}::numeric[]) as v(account_id, balance)
    where b.account_id = v.account_id`;
}

function toPosted(prepared: Prepared, row: PostedRow, openDays: Map<string, string>): PostedVoucher {
  const { request } = prepared;
  return {
    id: row.id,
    treasuryId: request.treasuryId,
    businessDate: openDays.get(request.treasuryId)!,
    kind: request.draft.kind,
    summary: request.draft.summary,
    documents: request.draft.documents,
    lines: prepared.lines,
    makerId: request.actor.userId,
    idempotencyKey: request.idempotencyKey,
    reversesVoucherId: request.reversesVoucherId ?? null,
    correctsVoucherId: request.correctsVoucherId ?? null,
    checkerId: request.approval?.checkerId ?? null,
    approvalRequestId: request.approval?.requestId ?? null,
    postedAt: row.posted_at,
  };
}
