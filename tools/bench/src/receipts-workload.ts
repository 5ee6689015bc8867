import type { RegionDefinition } from '@jinku/revenue';
import type { revenueV1 } from '@jinku/proto';
import { formatCents } from './workload';

export type Level = 'central' | 'provincial' | 'municipal' | 'district';
/** Levels from the top: the order the parts come in, and the tie-break of the remainder rule. */
const LEVELS: readonly Level[] = ['central', 'provincial', 'municipal', 'district'];

/** A sharing rule of the bench, in whole percents (the figures are the bench's, not Shenzhen's). */
export interface BenchRule {
  readonly revenueCode: string;
  readonly percents: Readonly<Partial<Record<Level, number>>>;
}

/**
 * Two rules, so every receipt is divided into 3 or 4 parts: a VAT-like one over all four levels and an
 * income-tax-like one without a provincial share. At the branch the central, provincial and municipal parts
 * stay in the branch's own accounts; the district part goes to the inter-treasury account, kept by the
 * sub-treasury serving the receipt's region.
 */
export const BENCH_RULES: readonly BenchRule[] = [
  { revenueCode: '1010101', percents: { central: 50, provincial: 10, municipal: 20, district: 20 } },
  { revenueCode: '10104', percents: { central: 60, municipal: 20, district: 20 } },
];

/** The two districts the receipts come from, each served by its sub-treasury. */
export const BENCH_REGIONS: readonly RegionDefinition[] = [
  { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
  { region: '440307', treasuryId: 'SZ-LG', name: '龙岗区' },
];

export const AUTHORITY = '14403000000';

/** Code and region: what decides where each part of a receipt is credited. */
export const routeOf = (revenueCode: string, region: string) => `${revenueCode}/${region}`;

export interface PartCents {
  readonly level: Level;
  readonly cents: number;
}

export interface BenchReceipt {
  readonly wire: revenueV1.Receipt;
  readonly route: string;
  readonly amountCents: number;
  /** The division the rule gives, level order from the top: what the server must answer and the baseline writes. */
  readonly parts: readonly PartCents[];
}

/**
 * Largest-remainder division in whole fen (R31, as `divide` of @jinku/revenue-domain documents it): each
 * part rounded down, the fen left over one each to the largest discarded fractions, ties from the top.
 * Written independently of the domain code, so the bench checks the server's answer against it.
 */
export function divideCents(amountCents: number, percents: BenchRule['percents']): PartCents[] {
  const parts = LEVELS.flatMap((level, rank) => {
    const percent = percents[level];
    if (percent === undefined) return [];
    const product = amountCents * percent; // in hundredths of a fen
    return [{ level, rank, cents: Math.floor(product / 100), discarded: product % 100 }];
  });
  let leftover = amountCents - parts.reduce((sum, part) => sum + part.cents, 0);
  for (const part of [...parts].sort((a, b) => b.discarded - a.discarded || a.rank - b.rank)) {
    if (leftover <= 0) break;
    part.cents += 1;
    leftover -= 1;
  }
  return parts.map(({ level, cents }) => ({ level, cents }));
}

export interface ReceiptStream {
  readonly description: string;
  /** The next `count` receipts, message ids under `prefix` (unique per stream and prefix). */
  batch(prefix: string, count: number): BenchReceipt[];
}

/**
 * Receipts cycling through both rules and both districts (an even mix of 4- and 3-part receipts), amounts
 * from 1.00 to 9,999.99 spread by a fixed multiplicative sequence, so every run sends the same ones.
 */
export function receiptStream(collectionDate: string): ReceiptStream {
  let counter = 0;
  const next = (prefix: string): BenchReceipt => {
    const n = (counter += 1);
    const rule = BENCH_RULES[n % BENCH_RULES.length]!;
    const region = BENCH_REGIONS[Math.floor(n / BENCH_RULES.length) % BENCH_REGIONS.length]!.region;
    // Reduced first, so the product stays an exact integer (below 2^53) however long the run.
    const amountCents = 100 + (((n % 999_900) * 2_654_435_761) % 999_900);
    return {
      wire: {
        authorityCode: AUTHORITY,
        messageId: `${prefix}-${n}`,
        revenueCode: rule.revenueCode,
        designation: 'shared',
        region,
        payerName: `基准纳税人${n % 5_000}有限公司`,
        payerAccount: `4403${String(n % 1_000_000).padStart(10, '0')}`,
        amount: formatCents(amountCents),
        collectionDate,
      },
      route: routeOf(rule.revenueCode, region),
      amountCents,
      parts: divideCents(amountCents, rule.percents),
    };
  };
  return {
    description:
      `receipts of ${BENCH_RULES.map((r) => `${r.revenueCode} (${Object.entries(r.percents).map(([level, p]) => `${level} ${p}`).join(' / ')})`).join(' and ')}` +
      ` from regions ${BENCH_REGIONS.map((r) => `${r.region} (→ ${r.treasuryId})`).join(' and ')}, booked at the branch, amounts 1.00–9,999.99`,
    batch: (prefix, count) => Array.from({ length: count }, () => next(prefix)),
  };
}
