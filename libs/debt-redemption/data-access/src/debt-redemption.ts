import type { Database } from '@jinku/db';
import { verifyInstruments, type BondIssue, type ClaimedInstrument, type InstrumentFailure, type InstrumentKind, type VerifiedInstrument } from '@jinku/debt-redemption-domain';
import { authorize, excerpt, failedPrecondition, formatAmount, invalidArgument, isAuthorized, notFound, parseAmount, parseBusinessDate, sumAmounts, treasuryDate, type Actor, type BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import type { VoucherLineDraft } from '@jinku/ledger-domain';
import { bondRepository, instrumentKey, type ClaimRecord } from './bond-repository';

/** A redemption claim as the entrusted bank's system sends it: its number, its date, the instruments surrendered. */
export interface RedemptionClaim {
  readonly claimNumber: string;
  readonly claimDate: string;
  readonly instruments: readonly ClaimedInstrument[];
}

/** A claim taken (its instruments recorded off-balance), or refused with every instrument that failed and why. */
export type ClaimOutcome =
  | { readonly accepted: true; readonly claim: ClaimRecord; readonly replayed: boolean }
  | { readonly accepted: false; readonly failures: readonly InstrumentFailure[] };

/** One kind of instrument: the face value held, the off-balance account's balance, and whether they agree. */
export interface CustodyLine {
  readonly kind: InstrumentKind;
  readonly instruments: string;
  readonly books: string;
  readonly agrees: boolean;
}

/** The off-balance subjects (表外科目) the instruments received are recorded on. */
const CUSTODY_SUBJECTS: Record<InstrumentKind, string> = { bond_receipt: '7011', bearer_bond: '7012' };
/** A day's claims from one bank are large, but bounded: beyond this the bank sends several. */
export const MAX_INSTRUMENTS_PER_CLAIM = 200_000;
const UNIQUE_VIOLATION = '23505';

/**
 * The debt-redemption context (国债兑付, R49–R52): claims of the agency bank entrusted with redemption, every
 * surrendered instrument checked before anything is recorded (先缴券、后划款). Every call authorizes its caller.
 */
export function createDebtRedemption(database: Database, ledger: Ledger) {
  const { sql } = database;

  async function custodyAccounts(treasuryId: string): Promise<Record<InstrumentKind, string>> {
    const accounts = await ledger.setup.accountsOf(treasuryId);
    const of = (kind: InstrumentKind) => {
      const account = accounts.find((a) => a.subject.code === CUSTODY_SUBJECTS[kind]);
      if (!account) throw failedPrecondition('NO_CUSTODY_ACCOUNT', `treasury ${treasuryId} keeps no ${CUSTODY_SUBJECTS[kind]} account for ${kind}`);
      return account.number;
    };
    return { bond_receipt: of('bond_receipt'), bearer_bond: of('bearer_bond') };
  }

  /** 收: the face value of each kind received, on its off-balance account. */
  function custodyLines(accounts: Record<InstrumentKind, string>, verified: readonly VerifiedInstrument[]): VoucherLineDraft[] {
    return (Object.keys(CUSTODY_SUBJECTS) as InstrumentKind[]).flatMap((kind) => {
      const face = sumAmounts(verified.filter((v) => v.issue.kind === kind).map((v) => v.faceValue));
      return face.isZero() ? [] : [{ accountNumber: accounts[kind], side: 'receipt' as const, amount: face, fiscalLevel: null, classificationCode: null }];
    });
  }

  async function custodyLinesOf(treasuryId: string): Promise<CustodyLine[]> {
    const [held, accounts] = await Promise.all([bondRepository.heldFaceValue(sql, treasuryId), custodyAccounts(treasuryId)]);
    return Promise.all(
      (Object.keys(CUSTODY_SUBJECTS) as InstrumentKind[]).map(async (kind) => {
        const instruments = held.get(kind) ?? '0.00';
        const books = (await ledger.accounts.get(treasuryId, accounts[kind])).balance.toFixed(2);
        return { kind, instruments, books, agrees: parseAmount(instruments).equals(parseAmount(books)) };
      }),
    );
  }

  async function verify(claim: RedemptionClaim, claimDate: BusinessDate) {
    const registry = await bondRepository.registryOf(sql, claim.instruments);
    return verifyInstruments(claim.instruments, (issueCode, serial) => registry.get(instrumentKey(issueCode, serial)), claimDate);
  }

  function checkClaim(claim: RedemptionClaim): BusinessDate {
    if (!/^[A-Za-z0-9-]{1,40}$/.test(claim.claimNumber)) throw invalidArgument('MALFORMED_CLAIM', 'claim_number is 1 to 40 letters, digits or hyphens', { field: 'claim_number' });
    if (claim.instruments.length === 0 || claim.instruments.length > MAX_INSTRUMENTS_PER_CLAIM) {
      throw invalidArgument('MALFORMED_CLAIM', `a claim surrenders 1 to ${MAX_INSTRUMENTS_PER_CLAIM} instruments`, { field: 'instruments' });
    }
    const claimDate = parseBusinessDate(claim.claimDate, 'claim_date');
    if (claimDate > treasuryDate()) throw invalidArgument('MALFORMED_CLAIM', `claim_date ${excerpt(claim.claimDate, 10)} is after today`, { field: 'claim_date' });
    return claimDate;
  }

  return {
    /**
     * A claim from the entrusted bank's system, for its own treasury. Every instrument is checked first; a claim
     * with any failure is refused whole, the answer naming each failed instrument and why, and nothing is
     * recorded. A verified claim records its instruments and receives them off-balance in one transaction; the
     * unique serial makes a second redemption impossible even when two claims race. A retry of the same claim
     * number answers the claim recorded.
     */
    async submitClaim(actor: Actor, claim: RedemptionClaim): Promise<ClaimOutcome> {
      authorize(actor, 'bond.claim', actor.treasuryId);
      const claimDate = checkClaim(claim);
      const earlier = await bondRepository.claimByNumber(sql, actor.userId, claim.claimNumber);
      if (earlier) return { accepted: true, claim: earlier, replayed: true };
      const { failures, verified } = await verify(claim, claimDate);
      if (failures.length > 0) return { accepted: false, failures };
      const accounts = await custodyAccounts(actor.treasuryId);
      try {
        const claimId = await sql.begin(async (tx) => {
          const [voucher] = await ledger.postWithin(tx, actor, [
            {
              purpose: `bond-claim:${actor.userId}:${claim.claimNumber}`,
              treasuryId: actor.treasuryId,
              draft: {
                kind: 'ordinary',
                summary: `国债兑付 已兑付券（单）入库 ${claim.claimNumber}（${verified.length} 张）`,
                documents: [{ kind: 'redemption_claim', reference: `${actor.login}/${claim.claimNumber}` }],
                lines: custodyLines(accounts, verified),
              },
            },
          ]);
          return bondRepository.addClaim(
            tx,
            {
              treasuryId: actor.treasuryId,
              bankPrincipal: actor.userId,
              claimNumber: claim.claimNumber,
              claimDate,
              instruments: verified.length,
              faceTotal: formatAmount(sumAmounts(verified.map((v) => v.faceValue))),
              interestTotal: formatAmount(sumAmounts(verified.map((v) => v.interest))),
              voucherId: voucher!.id,
              businessDate: voucher!.businessDate,
            },
            verified,
          );
        });
        return { accepted: true, claim: (await bondRepository.claimById(sql, claimId))!, replayed: false };
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        // Another claim took a serial (or this claim's number) meanwhile: check again, now against it.
        const replay = await bondRepository.claimByNumber(sql, actor.userId, claim.claimNumber);
        if (replay) return { accepted: true, claim: replay, replayed: true };
        return { accepted: false, failures: (await verify(claim, claimDate)).failures };
      }
    },

    /** The bond issues registered, with their terms (their serial runs stay with the registry). */
    async issues(actor: Actor): Promise<BondIssue[]> {
      authorize(actor, 'bond.read', actor.treasuryId);
      return bondRepository.issues(sql);
    },

    /** A claim recorded; one of a treasury out of the actor's reach is as unknown as one never made. */
    async getClaim(actor: Actor, claimId: string): Promise<ClaimRecord> {
      const claim = /^[1-9][0-9]{0,18}$/.test(claimId) ? await bondRepository.claimById(sql, claimId) : undefined;
      if (!claim || !isAuthorized(actor, 'bond.read', claim.treasuryId)) throw notFound('CLAIM_NOT_FOUND', `no claim ${claimId.slice(0, 24)}`);
      return claim;
    },

    /**
     * R52: the redemption report of a day or a year (兑付日报/年报) per issue — instruments redeemed in the period with
     * their face value and interest, and to its end what was paid, written off and is still held; with the custody
     * check, the closing report's agreement of books and instruments (账实相符).
     */
    async report(actor: Actor, treasuryId: string, period: 'day' | 'year', date: string) {
      authorize(actor, 'bond.read', treasuryId);
      const day = parseBusinessDate(date, 'date');
      const [from, to] = period === 'day' ? [day, day] : [`${day.slice(0, 4)}-01-01`, `${day.slice(0, 4)}-12-31`];
      return { from, to, lines: await bondRepository.reportFigures(sql, treasuryId, from, to) };
    },

    /**
     * R52, R66: the instruments redeemed and held, by kind, beside the off-balance account that records them —
     * books and instruments must agree; a difference is listed, not hidden.
     */
    async custodyCheck(actor: Actor, treasuryId: string): Promise<CustodyLine[]> {
      authorize(actor, 'bond.read', treasuryId);
      return custodyLinesOf(treasuryId);
    },

    /** Trusted, for the ledger's month end (R57(4), R66): what disagrees between instruments held and books, or null. */
    async custodyDifference(treasuryId: string): Promise<string | null> {
      const differing = (await custodyLinesOf(treasuryId)).filter((line) => !line.agrees);
      return differing.length === 0 ? null : differing.map((line) => `${line.kind} held ${line.instruments}, books ${line.books}`).join('; ');
    },
  };
}

export type DebtRedemption = ReturnType<typeof createDebtRedemption>;
