import type { LedgerSetup, TreasuryDefinition } from './setup';

/** Where a treasury stands: the treasuries it oversees (itself first) and the branch at the top. */
export interface Jurisdiction {
  readonly reach: readonly string[];
  readonly jurisdictionId: string;
}

/** Treasuries are few and change rarely; the hierarchy is re-read at most this often. */
const REFRESH_MS = 5_000;

/** The jurisdiction of each treasury from the hierarchy: a branch (分库) over its sub-treasuries (代理支库), R3, R23. */
export function jurisdictionsOf(treasuries: readonly TreasuryDefinition[]): Map<string, Jurisdiction> {
  const parentOf = new Map(treasuries.map((t) => [t.id, t.parentId]));
  const rootOf = (id: string): string => {
    const seen = new Set<string>();
    let current = id;
    while (parentOf.get(current) && !seen.has(current)) {
      seen.add(current);
      current = parentOf.get(current)!;
    }
    return current;
  };
  const below = (id: string): string[] => treasuries.filter((t) => t.parentId === id).flatMap((t) => [t.id, ...below(t.id)]);
  return new Map(treasuries.map((t) => [t.id, { reach: [t.id, ...below(t.id)], jurisdictionId: rootOf(t.id) }]));
}

/**
 * A cached lookup of jurisdictions for the composition (authentication asks it on every call). A treasury
 * not known yet triggers a re-read at once, so a new sub-treasury needs no restart.
 */
export function jurisdictionLookup(setup: LedgerSetup): (treasuryId: string) => Promise<Jurisdiction> {
  let loaded: { at: number; map: Promise<Map<string, Jurisdiction>> } | undefined;
  const load = () => {
    loaded = { at: Date.now(), map: setup.treasuries().then(jurisdictionsOf) };
    loaded.map.catch(() => (loaded = undefined));
    return loaded.map;
  };
  return async (treasuryId) => {
    let map = loaded && Date.now() - loaded.at < REFRESH_MS ? await loaded.map : await load();
    if (!map.has(treasuryId)) map = await load();
    return map.get(treasuryId) ?? { reach: [treasuryId], jurisdictionId: treasuryId };
  };
}
