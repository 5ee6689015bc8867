import { status } from '@grpc/grpc-js';
import type { CallObserver } from '@jinku/grpc-kit';
import { metricsRegistry } from '@jinku/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the server measures (docs/RELIABILITY.md, "Observability", names each metric). */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Each answered RPC of Jinku's services, by method and gRPC code. */
  readonly observeCall: CallObserver;
  /** Each group of single-voucher postings committed together (the ledger's group commit). */
  readonly observePostingGroup: (size: number) => void;
  /** Each successful day close. */
  readonly observeDayClose: (seconds: number) => void;
  /** What the health probe last found: PostgreSQL answering, with every migration this build needs. */
  readonly setDatabaseUp: (up: boolean) => void;
  /** Where the payment requests overdue under R36 are counted, per treasury, at each scrape. */
  readonly watchOverduePayments: (count: () => Promise<Map<string, number>>) => void;
}

export function serverMetrics(): ServerMetrics {
  const registry = metricsRegistry();
  const registers = [registry];
  const calls = new Counter({ name: 'jinku_rpc_calls_total', help: 'RPCs answered, by method and gRPC status code', labelNames: ['method', 'code'], registers });
  const durations = new Histogram({
    name: 'jinku_rpc_duration_seconds',
    help: 'Time from receiving an RPC to answering it, by method and gRPC status code',
    labelNames: ['method', 'code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const groups = new Histogram({
    name: 'jinku_posting_group_size',
    help: 'Vouchers per group commit: single-voucher postings that went to the database in one transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });
  const dayCloses = new Histogram({
    name: 'jinku_day_close_duration_seconds',
    help: 'Time a successful business-day close took (checks, statement, next day opened)',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const databaseUp = new Gauge({ name: 'jinku_database_up', help: '1 while the health probe reaches PostgreSQL and admits it (migrations complete), else 0', registers });
  databaseUp.set(0);
  let countOverdue: (() => Promise<Map<string, number>>) | undefined;
  new Gauge({
    name: 'jinku_payments_overdue',
    help: 'Payment requests still waiting after the business day following the day received (R36), by treasury; alert on > 0',
    labelNames: ['treasury'],
    registers,
    async collect() {
      if (!countOverdue) return;
      // A scrape while PostgreSQL is away keeps the last figures; jinku_database_up says why.
      const counts = await countOverdue().catch(() => undefined);
      if (!counts) return;
      this.reset();
      for (const [treasury, count] of counts) this.set({ treasury }, count);
    },
  });
  return {
    registry,
    observeCall: ({ method, code, seconds }) => {
      const labels = { method, code: status[code] ?? String(code) };
      calls.inc(labels);
      durations.observe(labels, seconds);
    },
    observePostingGroup: (size) => groups.observe(size),
    observeDayClose: (seconds) => dayCloses.observe(seconds),
    setDatabaseUp: (up) => databaseUp.set(up ? 1 : 0),
    watchOverduePayments: (count) => {
      countOverdue = count;
    },
  };
}
