import { invalidArgument } from '@jinku/kernel';

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

export function decodePageToken(token: string, arity: number): (string | number)[] | null {
  if (!token) return null;
  try {
    const position: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === arity) return position as (string | number)[];
  } catch {
    // fall through to the refusal below
  }
  throw invalidArgument('INVALID_PAGE_TOKEN', 'page_token was not returned by this query');
}

/** Fetch one row more than the page to know whether a next page exists. */
export function toPage<T>(rows: T[], size: number, positionOf: (last: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, size);
  return { items, nextPageToken: rows.length > size ? encodePageToken(positionOf(items[items.length - 1]!)) : '' };
}
