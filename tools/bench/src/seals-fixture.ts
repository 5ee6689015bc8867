import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Database } from '@jinku/db';
import type { Actor, Post } from '@jinku/kernel';
import { createSeals, sealKeyring, sealsMigrations, type Seals } from '@jinku/seals';
import type { SealAlgorithm, SealedDocument, SealOnRecord } from '@jinku/seals-domain';
import { recreateDatabase } from './setup';

/** Only ever the local server: the seals bench drops and recreates this database. */
export const SEALS_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jinku_bench_seals';
const TREASURY = 'BENCH';

const person = (userId: string, posts: Post[]): Actor => ({
  kind: 'person',
  userId,
  login: userId,
  treasuryId: TREASURY,
  posts,
  scopes: [],
  reach: [TREASURY],
  jurisdictionId: TREASURY,
});

/** The people of the bench treasury, as the seals lib's own tests build them (no identity context here). */
export const benchPeople = {
  admin: person('u-bench-admin', ['system_admin']),
  supervisor: person('u-bench-supervisor', ['accounting_supervisor']),
  /** Custodian of every bench seal: the only one who may apply them. */
  keeper: person('u-bench-keeper', ['reviewer']),
  /** Anyone of the treasury may verify; the bench verifies as an operator. */
  operator: person('u-bench-operator', ['income_operator']),
} as const;

export interface SealsBench {
  readonly database: Database;
  readonly seals: Seals;
  /** Seal ids in use, per algorithm, all in the keeper's keeping. */
  readonly sealIds: Readonly<Record<SealAlgorithm, readonly string[]>>;
  /** What the registry holds about a seal (public key, history), read once for the bare verification baseline. */
  onRecord(sealId: string): Promise<SealOnRecord>;
  /** Seal uses logged in the database for these seals (checked against the number of applications). */
  usesLogged(sealIds: readonly string[]): Promise<number>;
}

/**
 * A fresh `jinku_bench_seals` with only the seals schema, a random keyring, and `sealsPerAlgorithm` seals of
 * each algorithm registered through the trusted path the lib's tests use (checkRegistration, then
 * registerWithin in a transaction, as an approved request would) and put in use by the supervisor.
 */
export async function prepareSealsBench(poolSize: number, sealsPerAlgorithm: number): Promise<SealsBench> {
  await recreateDatabase(SEALS_BENCH_DATABASE_URL);
  const database = openDatabase(SEALS_BENCH_DATABASE_URL, { max: poolSize });
  try {
    await migrate(database, [sealsMigrations]);
    const people = new Map(Object.values(benchPeople).map((p) => [p.userId, p]));
    const personOf = async (userId: string) => people.get(userId) ?? Promise.reject(new Error(`no person ${userId}`));
    const keyring = sealKeyring('bench', { bench: randomBytes(32).toString('base64') });
    const seals = createSeals(database, { keyring, personOf });

    let requests = 0;
    const register = async (algorithm: SealAlgorithm, index: number): Promise<string> => {
      const entered: Parameters<Seals['checkRegistration']>[1] = {
        kind: 'business',
        name: `基准测试国库业务专用章 ${algorithm} ${index + 1}`,
        custodianUserId: benchPeople.keeper.userId,
        imprint: `round, dated; bench impression ${algorithm}-${index + 1}`,
        algorithm,
      };
      const checked = await seals.checkRegistration(TREASURY, entered);
      requests += 1;
      const approved = { requestId: String(requests), treasuryId: TREASURY, initiator: benchPeople.admin };
      const seal = await database.sql.begin((tx) => seals.registerWithin(tx, approved, checked));
      await seals.putInUse(benchPeople.supervisor, seal.id);
      return seal.id;
    };
    const sealIds = { sm2_sm3: [] as string[], ed25519: [] as string[] };
    for (const algorithm of ['sm2_sm3', 'ed25519'] as const) {
      for (let i = 0; i < sealsPerAlgorithm; i += 1) sealIds[algorithm].push(await register(algorithm, i));
    }
    await database.sql.unsafe('vacuum analyze');

    return {
      database,
      seals,
      sealIds,
      async onRecord(sealId) {
        const [seal] = await database.sql<{ algorithm: SealAlgorithm; public_key_spki: Buffer }[]>`
          select algorithm, public_key_spki from seals.seals where id = ${sealId}`;
        const history = await database.sql<{ status: SealOnRecord['history'][number]['status']; at: Date }[]>`
          select status, at from seals.seal_events where seal_id = ${sealId} order by seq`;
        return { algorithm: seal!.algorithm, publicKeySpki: seal!.public_key_spki, history };
      },
      async usesLogged(ids) {
        const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from seals.seal_uses where seal_id = any(${ids}::bigint[])`;
        return row!.n;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The documents every mode seals: transfer vouchers of a few hundred bytes, varied so that no two in a row
 * are the same. Bare primitives and the lib go over the same list in the same order.
 */
export function benchDocuments(count: number): SealedDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const amount = ((i * 7919) % 1_000_000) / 100 + 1;
    const lines = [
      `转账凭证 TV-BENCH-${String(i + 1).padStart(4, '0')}`,
      `借 2011 财政预算存款 ${amount.toFixed(2)}`,
      `贷 501100 国库存款 ${amount.toFixed(2)}`,
      `摘要: 基准测试第 ${i + 1} 张凭证, 电子签章吞吐量测试`,
      `制单 u-bench-operator 复核 u-bench-keeper`,
    ];
    return { reference: `TV-BENCH-${String(i + 1).padStart(4, '0')}`, content: Buffer.from(lines.join('\n'), 'utf8') };
  });
}
