import { checkText, DomainError, invalidArgument, parseBusinessDate } from '@jinku/kernel';

/** AIP-158 paging: page_size 0 means the default; a larger one is capped, a negative one refused. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  readonly pageSize: number;
  readonly pageToken: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken: string;
}

export function pageSizeOf(request: PageRequest): number {
  if (request.pageSize < 0) throw invalidArgument('INVALID_PAGE_SIZE', 'page_size must not be negative');
  return Math.min(request.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/** Page tokens are opaque to clients: the keyset position of the last item, base64url-encoded JSON. */
export function encodePageToken(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** What each position of a page token holds; checked so that a forged token is refused, not sent to SQL. */
export type PositionField = 'text' | 'date' | 'id';

const MAX_BIGINT = 9223372036854775807n;

/** A PostgreSQL bigint row id in canonical decimal form (no sign, no leading zeros). */
export function isRowId(text: string): boolean {
  return /^(0|[1-9][0-9]{0,18})$/.test(text) && BigInt(text) <= MAX_BIGINT;
}

/** Text positions are keys the ledger wrote (account numbers): a forged one must still be text SQL can take. */
const MAX_POSITION_TEXT = 64;

const passes = (check: () => unknown): boolean => {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
};

const isValid = (field: PositionField, value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  if (field === 'id') return isRowId(value);
  if (field === 'date') return passes(() => parseBusinessDate(value));
  return passes(() => checkText(value, 'page_token', MAX_POSITION_TEXT));
};

export function decodePageToken(token: string, shape: readonly PositionField[]): string[] | null {
  if (!token) return null;
  try {
    const position: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === shape.length && shape.every((field, i) => isValid(field, position[i]))) {
      return position as string[];
    }
  } catch {
    // fall through to the refusal below
  }
  throw invalidArgument('INVALID_PAGE_TOKEN', 'page_token was not returned by this query');
}

/**
 * How many leading items fit `budget` by `sizeOf`, and at least one: a page of large items ends early (its
 * next page token then follows the last one it holds), so it always fits what a client can receive.
 */
export function countWithin<T>(items: readonly T[], budget: number, sizeOf: (item: T) => number): number {
  let used = 0;
  for (const [index, item] of items.entries()) {
    used += sizeOf(item);
    if (used > budget) return Math.max(index, 1);
  }
  return items.length;
}

/** Fetch one row more than the page to know whether a next page exists. */
export function toPage<T>(rows: T[], size: number, positionOf: (last: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, size);
  return { items, nextPageToken: rows.length > size ? encodePageToken(positionOf(items[items.length - 1]!)) : '' };
}
