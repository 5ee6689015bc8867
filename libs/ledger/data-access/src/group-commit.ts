import type { PostingEngine, PostingOutcome, PostingRequest } from './posting-engine';

interface Waiting {
  readonly request: PostingRequest;
  readonly resolve: (outcome: PostingOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Largest batch one transaction carries. */
  readonly maxBatch?: number;
  /** Transactions in flight at once; more than one overlaps round trips, hot accounts still serialize. */
  readonly concurrency?: number;
  /** Told the size of each group as it goes to the database (the server's metrics). */
  readonly onGroup?: (size: number) => void;
}

/**
 * Group commit for single-voucher calls: requests that arrive while a transaction is in flight wait and
 * go together in the next one. Each voucher still succeeds or fails on its own — a refusal, or the
 * database refusing one voucher's data, is that caller's answer alone (the engine posts per voucher) —
 * but a burst on a hot account pays one lock, one balance update and one commit per batch instead of per
 * voucher. Nothing waits for a timer: an idle engine posts a lone request at once.
 */
export class GroupCommit {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly onGroup: (size: number) => void;

  constructor(
    private readonly engine: PostingEngine,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.concurrency = options.concurrency ?? 2;
    this.onGroup = options.onGroup ?? (() => undefined);
  }

  post(request: PostingRequest): Promise<PostingOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.onGroup(batch.length);
      this.engine
        .post(batch.map((w) => w.request))
        .then(
          (outcomes) => batch.forEach((w, i) => w.resolve(outcomes[i]!)),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.drain();
        });
    }
  }
}
