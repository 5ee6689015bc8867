import { malformedPayload, payloadRecord, payloadText, type ActionDefinition } from '@jinku/approvals';
import type { Database, Tx } from '@jinku/db';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, parseAmount } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { bondRepository, type ClaimRecord } from './bond-repository';

type Sql = Database['sql'] | Tx;

export interface VaultHandoverPayload {
  readonly claimId: string;
  /** The issuing vault's receipt for the bonds (发行库入库凭证). */
  readonly vaultReceipt: string;
  readonly receivedBy: string;
}

export interface DestructionPayload {
  readonly claimId: string;
  /** The destruction's approval document (销毁审批文件). */
  readonly document: string;
  readonly witnesses: readonly string[];
}

/** A claim of this treasury with bearer bonds in it, and their face value. */
async function bearerClaim(sql: Sql, treasuryId: string, claimId: string): Promise<{ claim: ClaimRecord; face: string }> {
  const claim = /^[1-9][0-9]{0,18}$/.test(claimId) ? await bondRepository.claimById(sql, claimId) : undefined;
  if (!claim || claim.treasuryId !== treasuryId) throw notFound('CLAIM_NOT_FOUND', `no verified claim ${claimId.slice(0, 24)} at ${treasuryId}`);
  const face = (await bondRepository.faceValueOfClaim(sql, claim.id)).get('bearer_bond');
  if (!face || parseAmount(face).isZero()) throw failedPrecondition('NO_BEARER_BONDS', `claim ${claim.claimNumber} surrendered no bearer bonds`);
  return { claim, face };
}

const required = (value: string, field: string) => {
  if (!value.trim()) throw invalidArgument('BAD_VOUCHER_ELEMENTS', `${field} is required`, { field });
};

/**
 * R49: the bearer bonds a claim surrendered, counted and handed to the issuing vault's custody — recorded with the
 * vault's receipt and who took them; entered by the fiscal operator and reviewed.
 */
export function vaultHandoverAction(dependencies: { database: Database; ledger: Ledger }): ActionDefinition<VaultHandoverPayload> {
  const { database, ledger } = dependencies;
  const check = async (sql: Sql, treasuryId: string, payload: VaultHandoverPayload) => {
    required(payload.vaultReceipt, 'vault_receipt');
    required(payload.receivedBy, 'received_by');
    const { claim } = await bearerClaim(sql, treasuryId, payload.claimId);
    if (await bondRepository.handedOver(sql, claim.id)) throw alreadyExists('ALREADY_HANDED_OVER', `claim ${claim.claimNumber}'s bearer bonds are in the vault`);
    return claim;
  };
  return {
    policy: { kind: 'bearer_bond_handover', permission: 'bond.pay' },
    async parse(raw, treasuryId) {
      const record = payloadRecord(raw, 'payload');
      const payload = { claimId: payloadText(record, 'claimId'), vaultReceipt: payloadText(record, 'vaultReceipt'), receivedBy: payloadText(record, 'receivedBy') };
      await check(database.sql, treasuryId, payload);
      return payload;
    },
    targetOf: (payload) => `bond-vault:${payload.claimId}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => false,
    async execute(tx, payload, context) {
      const claim = await check(tx, context.treasuryId, payload);
      const businessDate = (await ledger.days.current(context.treasuryId)).date;
      await bondRepository.addHandover(tx, { ...payload, claimId: claim.id, treasuryId: context.treasuryId, approvalRequestId: context.requestId, businessDate });
      return { claimId: claim.id };
    },
  };
}

/**
 * R50: bearer bonds are written off the off-balance books when destroyed, the year after their redemption, before
 * at least two witnesses, from the vault; entered by the fiscal operator, reviewed, approved by the supervisor.
 */
export function destructionAction(dependencies: { database: Database; ledger: Ledger }): ActionDefinition<DestructionPayload> {
  const { database, ledger } = dependencies;
  const check = async (sql: Sql, treasuryId: string, payload: DestructionPayload) => {
    required(payload.document, 'document');
    if (new Set(payload.witnesses.map((w) => w.trim()).filter(Boolean)).size < 2) throw failedPrecondition('WITNESSES_REQUIRED', 'bonds are destroyed before at least two witnesses');
    const { claim, face } = await bearerClaim(sql, treasuryId, payload.claimId);
    if (!(await bondRepository.handedOver(sql, claim.id))) throw failedPrecondition('NOT_IN_VAULT', `claim ${claim.claimNumber}'s bearer bonds were never handed to the vault`);
    if (await bondRepository.destroyed(sql, claim.id)) throw alreadyExists('ALREADY_DESTROYED', `claim ${claim.claimNumber}'s bearer bonds were destroyed`);
    const day = (await ledger.days.current(treasuryId)).date;
    if (day.slice(0, 4) <= claim.claimDate.slice(0, 4)) throw failedPrecondition('DESTROYED_TOO_EARLY', `bonds redeemed in ${claim.claimDate.slice(0, 4)} are destroyed the next year (R50)`);
    return { claim, face };
  };
  return {
    policy: { kind: 'bearer_bond_destruction', permission: 'bond.pay' },
    async parse(raw, treasuryId) {
      const record = payloadRecord(raw, 'payload');
      const witnesses = record['witnesses'] ?? [];
      if (!Array.isArray(witnesses) || witnesses.length > 10 || witnesses.some((w) => typeof w !== 'string')) throw malformedPayload('payload.witnesses', 'a list of up to 10 names');
      const payload = { claimId: payloadText(record, 'claimId'), document: payloadText(record, 'document'), witnesses: witnesses as string[] };
      await check(database.sql, treasuryId, payload);
      return payload;
    },
    targetOf: (payload) => `bond-destruction:${payload.claimId}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, payload, context) {
      const { claim, face } = await check(tx, context.treasuryId, payload);
      const account = (await ledger.setup.accountsOf(context.treasuryId)).find((a) => a.subject.code === '7012');
      if (!account) throw failedPrecondition('NO_ACCOUNT', `treasury ${context.treasuryId} has no bearer bond account`);
      const voucher = await ledger.postApproved(tx, context.initiator, { checkerId: context.approver.userId, requestId: context.requestId }, {
        treasuryId: context.treasuryId,
        draft: {
          kind: 'ordinary',
          summary: `无记名国债销毁 ${claim.claimNumber}（监销：${payload.witnesses.join('、')}）`,
          documents: [{ kind: 'destruction_approval', reference: payload.document }],
          lines: [{ accountNumber: account.number, side: 'payment', amount: parseAmount(face), fiscalLevel: null, classificationCode: null }],
        },
      });
      await bondRepository.addDestruction(tx, { claimId: claim.id, treasuryId: context.treasuryId, faceValue: face, witnesses: payload.witnesses, document: payload.document, voucherId: voucher.id, approvalRequestId: context.requestId, businessDate: voucher.businessDate });
      return { claimId: claim.id, voucherId: voucher.id };
    },
  };
}
