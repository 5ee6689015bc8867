import { createHash, randomBytes } from 'node:crypto';
import type { Sql, Tx } from '@jinku/db';
import { invalidCredentials } from '@jinku/identity-domain';
import { authorize, failedPrecondition, invalidArgument, MACHINE_SCOPES, notFound, type Actor, type MachineScope } from '@jinku/kernel';
import type { Jurisdiction } from './identity';

export const PRINCIPAL_KINDS = ['tax_link', 'agency_bank', 'finance_bureau'] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** Client keys look unlike people's tokens (`jk_`), so the authenticator knows which table to ask. */
export const MACHINE_KEY_PREFIX = 'jkm_';

export interface NewPrincipal {
  readonly name: string;
  readonly kind: string;
  readonly scopes: readonly string[];
}

export interface Principal {
  readonly id: string;
  readonly treasuryId: string;
  readonly name: string;
  readonly kind: PrincipalKind;
  readonly scopes: readonly MachineScope[];
  readonly approvalRequestId: string;
  readonly registeredAt: Date;
}

export interface IssuedKey {
  /** Shown once; only its SHA-256 is stored. */
  readonly key: string;
  readonly principal: Principal;
}

const NAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Checks a registration before it is entered as a request, so one that could never execute is refused at once. */
export function validateNewPrincipal(principal: NewPrincipal): NewPrincipal & { kind: PrincipalKind; scopes: MachineScope[] } {
  if (!NAME.test(principal.name)) {
    throw invalidArgument('MALFORMED_PRINCIPAL_NAME', 'a principal name is 3–64 characters of a–z, 0–9, ".", "_" or "-", e.g. "sz.tips"', { field: 'name' });
  }
  if (!(PRINCIPAL_KINDS as readonly string[]).includes(principal.kind)) {
    throw invalidArgument('UNKNOWN_PRINCIPAL_KIND', `kind is one of ${PRINCIPAL_KINDS.join(', ')}`, { field: 'kind' });
  }
  const unknown = principal.scopes.find((scope) => !(MACHINE_SCOPES as readonly string[]).includes(scope));
  if (unknown !== undefined || principal.scopes.length === 0) {
    throw invalidArgument('UNKNOWN_SCOPE', `scopes are one or more of ${MACHINE_SCOPES.join(', ')}`, { field: 'scopes' });
  }
  return { name: principal.name, kind: principal.kind as PrincipalKind, scopes: [...new Set(principal.scopes as MachineScope[])] };
}

const PRINCIPAL_COLUMNS = (sql: Sql | Tx) =>
  sql`id::text as id, treasury_id as "treasuryId", name, kind, scopes, approval_request_id::text as "approvalRequestId", registered_at as "registeredAt"`;

/**
 * Machine principals: registered only by an approved request (the system admin enters it, the supervisor
 * approves, R7, R19(1)), each with client keys of its own, acting only through its scopes.
 */
export function createPrincipals(sql: Sql, jurisdictionOf: (treasuryId: string) => Promise<Jurisdiction>) {
  const byName = async (name: string, q: Sql | Tx = sql): Promise<Principal | null> => {
    const [row] = await q<Principal[]>`select ${PRINCIPAL_COLUMNS(q)} from identity.principals where name = ${name}`;
    return row ?? null;
  };

  return {
    byName: (name: string) => byName(name),
    validate: validateNewPrincipal,

    /** Inside the approval's transaction: the registration and the final approval commit together. */
    async registerWithin(tx: Tx, treasuryId: string, principal: NewPrincipal, approvalRequestId: string): Promise<Principal> {
      const valid = validateNewPrincipal(principal);
      const [row] = await tx<Principal[]>`
        insert into identity.principals (treasury_id, name, kind, scopes, approval_request_id)
        values (${treasuryId}, ${valid.name}, ${valid.kind}, ${valid.scopes}, ${approvalRequestId})
        on conflict (name) do nothing
        returning ${PRINCIPAL_COLUMNS(tx)}`;
      if (!row) throw failedPrecondition('PRINCIPAL_EXISTS', `a principal named ${valid.name} is already registered`);
      return row;
    },

    /** Whether a registration could still go through (the name is free), checked when it is entered. */
    async assertNameFree(name: string): Promise<void> {
      if (await byName(name)) throw failedPrecondition('PRINCIPAL_EXISTS', `a principal named ${name} is already registered`);
    },

    /**
     * A new client key for a registered principal, revoking its earlier keys (the system admin hands it to
     * the counterparty's system, R7). `actor` null: trusted tooling (the CLI's demo set-up).
     */
    async issueKey(actor: Actor | null, name: string): Promise<IssuedKey> {
      const principal = await byName(name);
      if (actor) authorize(actor, 'principal.issue_credential', principal?.treasuryId ?? actor.treasuryId);
      if (!principal) throw notFound('PRINCIPAL_NOT_FOUND', `no principal ${name.slice(0, 64)}`);
      const key = `${MACHINE_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      await sql.begin(async (tx) => {
        await tx`update identity.principal_keys set revoked_at = now() where principal_id = ${principal.id} and revoked_at is null`;
        await tx`insert into identity.principal_keys (principal_id, key_hash, issued_by) values (${principal.id}, ${sha256(key)}, ${actor?.kind === 'person' ? actor.userId : null})`;
      });
      return { key, principal };
    },

    async list(actor: Actor, treasuryId: string): Promise<Principal[]> {
      authorize(actor, 'principal.read', treasuryId);
      return sql<Principal[]>`select ${PRINCIPAL_COLUMNS(sql)} from identity.principals where treasury_id = ${treasuryId} order by id`;
    },

    /** The principal a client key stands for, with its scopes; its postings record it as the maker. */
    async authenticate(key: string): Promise<Actor> {
      const [row] = await sql<Principal[]>`
        select ${sql`p.id::text as id, p.treasury_id as "treasuryId", p.name, p.kind, p.scopes`}
        from identity.principal_keys k join identity.principals p on p.id = k.principal_id
        where k.key_hash = ${sha256(key)} and k.revoked_at is null`;
      if (!row) throw invalidCredentials();
      return {
        kind: 'machine',
        userId: `principal:${row.id}`,
        login: row.name,
        treasuryId: row.treasuryId,
        posts: [],
        scopes: row.scopes,
        reach: [row.treasuryId],
        jurisdictionId: (await jurisdictionOf(row.treasuryId)).jurisdictionId,
      };
    },
  };
}

export type Principals = ReturnType<typeof createPrincipals>;
