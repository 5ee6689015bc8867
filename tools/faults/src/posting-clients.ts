import { performance } from 'node:perf_hooks';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { reasonOf } from '@jinku/grpc-kit';
import { ledgerV1 } from '@jinku/proto';

export interface PostingOptions {
  readonly address: string;
  /** The machine principal's client key. */
  readonly key: string;
  readonly clients: number;
  /** Idempotency keys are `<keyPrefix>-<client>-<n>`: unique per scenario. */
  readonly keyPrefix: string;
  /** A call that takes longer is abandoned (DEADLINE_EXCEEDED) and retried. */
  readonly callTimeoutMs: number;
  /** How long a client keeps retrying one key before it gives up on it (a violation). */
  readonly keyBudgetMs: number;
}

/** A receipt the server acknowledged: the voucher it returned, and when (performance.now()). */
export interface Ack {
  readonly key: string;
  readonly voucherId: string;
  readonly amount: string;
  readonly at: number;
}

/** One call: when it was sent, when it ended and how. */
export interface Attempt {
  readonly startedAt: number;
  readonly endedAt: number;
  /** `OK` or the status name, e.g. `UNAVAILABLE`. */
  readonly outcome: string;
}

export interface PostingOutcome {
  readonly acks: readonly Ack[];
  readonly attempts: readonly Attempt[];
  /** Refused calls retried with the same key, by status name. */
  readonly retried: Readonly<Record<string, number>>;
  /** Keys refused for good: any refusal but a retryable one means the server mishandled the fault. */
  readonly refused: readonly { key: string; code: string; reason: string }[];
  /** Keys still not acknowledged when their budget ran out. */
  readonly gaveUp: readonly string[];
}

export interface PostingClients {
  /** The first acknowledgement at or after `at`, waiting at most `timeoutMs` for it; undefined if none came. */
  firstAckAfter(at: number, timeoutMs: number): Promise<number | undefined>;
  /** Attempts so far (for a look at the calls in flight at some moment). */
  attempts(): readonly Attempt[];
  /** No new keys; each client finishes (or gives up) the key it holds, then closes its channel. */
  stop(): Promise<PostingOutcome>;
}

/**
 * Refusals a client retries with the same key: the server (or its database) is away, or the call outlived
 * its deadline — it may have been posted, and the retry then returns that voucher. grpc-js reports a
 * dropped or refused connection as UNAVAILABLE.
 */
const RETRYABLE = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

/**
 * Back-off between retries of one key, 25 ms doubling to 200 ms, and between reconnects, 100 ms growing to
 * 250 ms: a client retries soon, so the time to recover measures the server, not the client. grpc-js's
 * default reconnect back-off grows to 2 min.
 */
const pauseBefore = (retry: number) => Math.min(25 * 2 ** retry, 200);
const CHANNEL_OPTIONS = { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 250 };

/** A receipt of `amount` yuan into the demo books: the clearing account debited, municipal revenue credited. */
function receipt(idempotencyKey: string, amount: string): ledgerV1.PostVoucherRequest {
  return {
    treasuryId: 'SZ',
    idempotencyKey,
    summary: '故障演练入库',
    documents: [{ kind: 'tax_payment_form', reference: `TIPS-${idempotencyKey}` }],
    lines: [
      { accountNumber: '105100', side: ledgerV1.Side.SIDE_DEBIT, amount, fiscalLevel: '', classificationCode: '1010101' },
      { accountNumber: '201103', side: ledgerV1.Side.SIDE_CREDIT, amount, fiscalLevel: '', classificationCode: '1010101' },
    ],
  };
}

/** Different amounts per key (1.01 … 97.99), so a voucher stored with another key's amount shows. */
const amountOf = (n: number) => `${1 + (n % 97)}.${String(1 + (n % 99)).padStart(2, '0')}`;

/** `clients` loops, each on its own channel, posting receipts one after another until stopped. */
export function startPostingClients(options: PostingOptions): PostingClients {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${options.key}`);
  const acks: Ack[] = [];
  const attempts: Attempt[] = [];
  const retried: Record<string, number> = {};
  const refused: { key: string; code: string; reason: string }[] = [];
  const gaveUp: string[] = [];
  const ackListeners = new Set<(ack: Ack) => void>();
  let running = true;

  const post = (client: ledgerV1.LedgerServiceClient, request: ledgerV1.PostVoucherRequest) =>
    new Promise<{ voucher: ledgerV1.Voucher } | { error: ServiceError }>((resolve) =>
      client.postVoucher(request, metadata, { deadline: Date.now() + options.callTimeoutMs }, (error, voucher) =>
        resolve(error ? { error } : { voucher }),
      ),
    );

  const postUntilAcknowledged = async (client: ledgerV1.LedgerServiceClient, key: string, amount: string) => {
    const giveUpAt = performance.now() + options.keyBudgetMs;
    for (let retry = 0; ; retry++) {
      const startedAt = performance.now();
      const result = await post(client, receipt(key, amount));
      const endedAt = performance.now();
      if ('voucher' in result) {
        attempts.push({ startedAt, endedAt, outcome: 'OK' });
        const ack = { key, voucherId: result.voucher.voucherId, amount, at: endedAt };
        acks.push(ack);
        for (const listener of ackListeners) listener(ack);
        return;
      }
      const code = status[result.error.code] ?? String(result.error.code);
      attempts.push({ startedAt, endedAt, outcome: code });
      if (!RETRYABLE.has(result.error.code)) {
        refused.push({ key, code, reason: reasonOf(result.error) || result.error.details });
        return;
      }
      retried[code] = (retried[code] ?? 0) + 1;
      if (endedAt + pauseBefore(retry) > giveUpAt) {
        gaveUp.push(key);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseBefore(retry)));
    }
  };

  const client = async (id: number) => {
    const channel = new ledgerV1.LedgerServiceClient(options.address, credentials.createInsecure(), CHANNEL_OPTIONS);
    try {
      for (let n = 0; running; n++) await postUntilAcknowledged(channel, `${options.keyPrefix}-${id}-${n}`, amountOf(n));
    } finally {
      channel.close();
    }
  };
  const clients = Array.from({ length: options.clients }, (_, id) => client(id));

  return {
    async firstAckAfter(at, timeoutMs) {
      const already = acks.find((ack) => ack.at >= at);
      if (already) return already.at;
      return new Promise((resolve) => {
        const finish = (ack?: Ack) => {
          clearTimeout(timer);
          ackListeners.delete(listener);
          resolve(ack?.at);
        };
        const listener = (ack: Ack) => ack.at >= at && finish(ack);
        const timer = setTimeout(finish, timeoutMs);
        ackListeners.add(listener);
      });
    },
    attempts: () => attempts,
    async stop() {
      running = false;
      await Promise.all(clients);
      return { acks, attempts, retried, refused, gaveUp };
    },
  };
}
