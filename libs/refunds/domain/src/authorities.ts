import { excerpt, failedPrecondition } from '@jinku/kernel';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';

/**
 * The bodies whose approval a Shenzhen treasury takes for a refund (R33(7)), and the kind of specimen card
 * each files (R83): the Ministry of Finance's office in Shenzhen (财政部驻深圳监管局, the body the Ministry
 * authorized, R33(1)), the tax and customs authorities for what they collected, and the finance bureaus.
 */
export const APPROVING_AUTHORITIES = {
  mof_office: { name: '财政部驻深圳监管局', unitKind: 'finance_bureau' },
  tax_bureau: { name: '税务部门', unitKind: 'tax_bureau' },
  customs: { name: '海关', unitKind: 'customs' },
  municipal_finance_bureau: { name: '市财政部门', unitKind: 'finance_bureau' },
  district_finance_bureau: { name: '区财政部门', unitKind: 'finance_bureau' },
} as const;

export type AuthorityKind = keyof typeof APPROVING_AUTHORITIES;

export const isAuthorityKind = (kind: string): kind is AuthorityKind => Object.hasOwn(APPROVING_AUTHORITIES, kind);

/** The branch (分库) or a district's agent sub-treasury (代理支库, R3). */
export type TreasuryKind = 'branch' | 'sub_treasury';

/** One cell of the matrix: this authority may approve refunds of this revenue at this kind of treasury. */
export interface RefundAuthority {
  readonly authority: AuthorityKind;
  /**
   * The highest level the refunded revenue reaches: `central` covers central revenue and revenue shared with
   * the centre alike (R33(1)); a local level covers that level's own revenue and what it shares below it.
   */
  readonly revenueLevel: FiscalLevel;
  readonly treasury: TreasuryKind;
  /** Tax and customs approve refunds only of what they collected themselves. */
  readonly ownCollectionsOnly: boolean;
  /** Export tax refunds paid by plan, without an original receipt (R33(4)), are approved by the tax authority. */
  readonly exportPlans: boolean;
  readonly articles: string;
}

const cell = (
  authority: AuthorityKind,
  revenueLevel: FiscalLevel,
  treasury: TreasuryKind,
  ownCollectionsOnly: boolean,
  articles: string,
  exportPlans = false,
): RefundAuthority => ({ authority, revenueLevel, treasury, ownCollectionsOnly, exportPlans, articles });

/**
 * Who may approve which refund where, the only cells allowed. Central and shared revenue: the Ministry's
 * office, or tax and customs for their own collections (R33(1), R34(1)); local revenue: that level's finance
 * bureau, never a lower one (R33(1), R34(2)); the branch takes the Ministry's office, tax, customs and the
 * municipal bureau, a sub-treasury its district's bureau (R33(7)). Shenzhen, a city under separate state
 * planning (计划单列市), shares no revenue with the province: no cell names the provincial level.
 */
export const REFUND_AUTHORITIES: readonly RefundAuthority[] = [
  cell('mof_office', 'central', 'branch', false, 'R33(1), R33(7), R34(1)'),
  cell('tax_bureau', 'central', 'branch', true, 'R33(1), R33(4), R33(7), R34(1)', true),
  cell('tax_bureau', 'municipal', 'branch', true, 'R33(1), R33(7)'),
  cell('tax_bureau', 'district', 'branch', true, 'R33(1), R33(7)'),
  cell('customs', 'central', 'branch', true, 'R33(1), R33(7), R34(1)'),
  cell('municipal_finance_bureau', 'municipal', 'branch', false, 'R33(1), R33(7), R34(2)'),
  cell('district_finance_bureau', 'district', 'sub_treasury', false, 'R33(1), R33(7), R34(2)'),
];

/** The highest level a receipt's parts reach (a part of 0.00 counts: the revenue is still shared with that level). */
export function revenueLevelOf(levels: readonly FiscalLevel[]): FiscalLevel {
  const top = FISCAL_LEVELS.find((level) => levels.includes(level));
  if (!top) throw new Error('a receipt has at least one part');
  return top;
}

export interface ApprovalCase {
  /** The authority's kind as the refund names it. */
  readonly authorityKind: string;
  /** The authority's code: its specimen card's unit id. */
  readonly authorityCode: string;
  readonly treasury: TreasuryKind;
  readonly revenueLevel: FiscalLevel;
  /** The collecting authority of the original receipt; null for an export refund paid by plan. */
  readonly collectedBy: string | null;
}

const unauthorized = (message: string, article: string) => failedPrecondition('UNAUTHORIZED_APPROVER', `${message} (${article})`, { article });

/**
 * Whether the authority may approve this refund at this treasury; returns the cell that allows it. Refuses
 * AUTHORITY_NOT_TAKEN_HERE when this kind of treasury takes none of its approvals (R33(7)), and
 * UNAUTHORIZED_APPROVER when it may not approve this revenue (R34(1) for central or shared revenue, R34(2)
 * for an upper level's), an export plan, or another authority's collections.
 */
export function assertMayApprove(approval: ApprovalCase): RefundAuthority {
  const { authorityKind, treasury, revenueLevel, collectedBy } = approval;
  if (!isAuthorityKind(authorityKind)) {
    throw unauthorized(`"${excerpt(authorityKind, 40)}" approves no refunds; the approvers are ${Object.keys(APPROVING_AUTHORITIES).join(', ')}`, 'R33(1)');
  }
  const here = REFUND_AUTHORITIES.filter((cell) => cell.authority === authorityKind && cell.treasury === treasury);
  if (here.length === 0) {
    throw failedPrecondition('AUTHORITY_NOT_TAKEN_HERE', `a ${treasury.replace('_', '-')} takes no refund approved by the ${authorityKind} (R33(7))`, { article: 'R33(7)' });
  }
  const allowed = here.find((cell) => cell.revenueLevel === revenueLevel);
  if (!allowed) {
    const article = revenueLevel === 'central' ? 'R34(1)' : 'R34(2)';
    throw unauthorized(`the ${authorityKind} may not approve refunds of ${revenueLevel === 'central' ? 'central or shared' : `${revenueLevel}-level`} revenue`, article);
  }
  if (collectedBy === null && !allowed.exportPlans) throw unauthorized(`export refunds by plan are approved by the tax authority, not the ${authorityKind}`, 'R33(4)');
  if (collectedBy !== null && allowed.ownCollectionsOnly && collectedBy !== approval.authorityCode) {
    throw unauthorized(`the ${authorityKind} approves refunds only of what it collected; this receipt was collected by ${excerpt(collectedBy, 20)}`, 'R33(1)');
  }
  return allowed;
}
