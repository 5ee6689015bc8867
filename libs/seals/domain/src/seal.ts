import { failedPrecondition, invalidArgument, permissionDenied } from '@jinku/kernel';

/** The seals a treasury uses (R80). */
export const SEAL_KINDS = [
  'national_treasury', // 国家金库章: the treasury's budget and other prescribed reports
  'business', // 国库业务专用章: round, dated; important documents the treasury issues
  'transfer_done', // 业务转讫章: triangular, dated; processed transfer vouchers, receipts, internal vouchers
  'same_city_clearing', // 同城票据交换专用章: items presented to the same-city clearing
  'personal_name', // 国库会计人员名章: what a person handled and recorded
] as const;

export type SealKind = (typeof SEAL_KINDS)[number];

/** Seals whose impression carries the date (R80(2), R80(3)): never a specimen seal (R84). */
export const isDatedSeal = (kind: SealKind): boolean => kind === 'business' || kind === 'transfer_done';

export const SEAL_STATUSES = ['registered', 'in_use', 'stopped', 'sealed_away', 'destroyed'] as const;
export type SealStatus = (typeof SEAL_STATUSES)[number];

/**
 * The lifecycle (R81): a registered seal is put in use or, never used, sealed away; a seal in use is
 * stopped; a stopped seal is sealed away (封存) awaiting surrender; a sealed-away seal is destroyed. Nothing
 * comes back: a stopped seal is not put in use again (a new seal is registered), and the impression stays
 * on record forever whatever the status.
 */
export const SEAL_TRANSITIONS: Readonly<Record<SealStatus, readonly SealStatus[]>> = {
  registered: ['in_use', 'sealed_away'],
  in_use: ['stopped'],
  stopped: ['sealed_away'],
  sealed_away: ['destroyed'],
  destroyed: [],
};

export function assertTransition(from: SealStatus, to: SealStatus): void {
  if (!SEAL_TRANSITIONS[from].includes(to)) {
    throw failedPrecondition('SEAL_TRANSITION_NOT_ALLOWED', `a ${from} seal cannot become ${to} (R81)`, { from, to });
  }
}

export function isSealKind(value: string): value is SealKind {
  return (SEAL_KINDS as readonly string[]).includes(value);
}

/** What a seal's record says about who may apply it. */
export interface SealHolder {
  readonly kind: SealKind;
  readonly status: SealStatus;
  /** The person the seal is handed to (谁使用，谁保管，谁负责); for a personal name seal, its owner. */
  readonly custodianUserId: string;
}

/** The document a seal is applied to: named, and with content (R82: never on a blank). */
export interface SealedDocument {
  readonly reference: string;
  readonly content: Uint8Array;
}

/** Whether content is blank: empty, or nothing but whitespace. */
export function isBlank(content: Uint8Array): boolean {
  return Buffer.from(content).toString('utf8').trim().length === 0;
}

/**
 * R82: a seal is applied only to a named, existing document with content — never to a blank — only by
 * its custodian, and a personal name seal only by its owner; and only while it is in use (R81).
 */
export function assertMayApply(seal: SealHolder, userId: string, document: SealedDocument | undefined): void {
  if (!document || document.reference.trim() === '') throw invalidArgument('NO_DOCUMENT', 'a seal is applied only to a named document (R82)');
  if (isBlank(document.content)) throw invalidArgument('BLANK_DOCUMENT', 'a seal is never applied to a blank (R82)', { document: document.reference.slice(0, 40) });
  if (seal.custodianUserId !== userId) {
    const reason = seal.kind === 'personal_name' ? 'NOT_SEAL_OWNER' : 'NOT_SEAL_CUSTODIAN';
    const who = seal.kind === 'personal_name' ? 'its owner' : 'its custodian';
    throw permissionDenied(reason, `this seal is applied only by ${who} (R82)`);
  }
  if (seal.status !== 'in_use') throw failedPrecondition('SEAL_NOT_IN_USE', `the seal is ${seal.status}, not in use (R81)`, { status: seal.status });
}

/** One entry of a seal's append-only history: the status it went into, and when. */
export interface SealStatusChange {
  readonly status: SealStatus;
  readonly at: Date;
}

/** Whether the seal was in use at `time`, from its history (ordered oldest first). */
export function wasInUseAt(history: readonly SealStatusChange[], time: Date): boolean {
  let status: SealStatus | undefined;
  for (const change of history) {
    if (change.at.getTime() > time.getTime()) break;
    status = change.status;
  }
  return status === 'in_use';
}
