import { excerpt, failedPrecondition } from '@jinku/kernel';
import { FISCAL_LEVELS, type FiscalLevel } from '@jinku/ledger-domain';
import { isAuthorityKind } from '@jinku/refunds-domain';
import type { CorrectionDocument } from './correction-notice';

/** Who asks for the correction, and what it touches. */
export interface RequestCase {
  /** The counterparty's kind as the notice names it (`APPROVING_AUTHORITIES` of the refunds: the same bodies). */
  readonly authorityKind: string;
  readonly authorityCode: string;
  /** The highest level the moved revenue reaches, before or after: `central` for central or shared revenue. */
  readonly revenueLevel: FiscalLevel;
  /** The collecting authorities of the receipts corrected. */
  readonly collectedBy: readonly string[];
}

/** Tax and customs correct what they collected: whose error, whose correction (R40). */
const COLLECTING: readonly string[] = ['tax_bureau', 'customs'];
/** Authorized by the Ministry of Finance for central and shared revenue (R45(2)): its office, tax and customs. */
const CENTRAL: readonly string[] = ['mof_office', ...COLLECTING];
/** The finance bureaus by the level of their government; a lower one never touches a higher level's revenue (R45(3)). */
const BUREAU_LEVEL: Readonly<Record<string, FiscalLevel>> = { municipal_finance_bureau: 'municipal', district_finance_bureau: 'district' };

/**
 * Whether the counterparty may ask for this correction: refuses NOT_AUTHORIZED_FOR_CENTRAL when central or shared
 * revenue is touched by a body the Ministry of Finance did not authorize (R45(2)), NOT_AUTHORIZED_FOR_UPPER_LEVEL
 * when a lower government's finance bureau touches an upper level's revenue (R45(3)), and NOT_WHOSE_ERROR when
 * a collecting authority asks for a correction of another's collections (R40).
 */
export function assertMayRequest(request: RequestCase): void {
  const { authorityKind, revenueLevel } = request;
  if (!isAuthorityKind(authorityKind)) {
    throw failedPrecondition('NOT_AUTHORIZED_FOR_CENTRAL', `"${excerpt(authorityKind, 40)}" is no body that may ask a treasury for corrections (R45(2)–(3))`, { article: 'R45(2)' });
  }
  if (revenueLevel === 'central' && !CENTRAL.includes(authorityKind)) {
    throw failedPrecondition('NOT_AUTHORIZED_FOR_CENTRAL', `the ${authorityKind} is not authorized by the Ministry of Finance to correct central or shared revenue (R45(2))`, { article: 'R45(2)' });
  }
  const bureauLevel = BUREAU_LEVEL[authorityKind];
  if (bureauLevel && FISCAL_LEVELS.indexOf(revenueLevel) < FISCAL_LEVELS.indexOf(bureauLevel)) {
    throw failedPrecondition('NOT_AUTHORIZED_FOR_UPPER_LEVEL', `the ${authorityKind} may not correct ${revenueLevel}-level revenue, an upper level's (R45(3))`, { article: 'R45(3)' });
  }
  const others = request.collectedBy.filter((code) => code !== request.authorityCode);
  if (COLLECTING.includes(authorityKind) && others.length > 0) {
    throw failedPrecondition('NOT_WHOSE_ERROR', `the ${authorityKind} corrects only what it collected; ${excerpt(others[0]!, 20)} collected a receipt of this notice (R40)`, { article: 'R40' });
  }
}

/** The highest level among those a correction takes from or gives to. */
export function topLevelOf(levels: readonly FiscalLevel[]): FiscalLevel {
  const top = FISCAL_LEVELS.find((level) => levels.includes(level));
  if (!top) throw new Error('a correction moves at least one level’s revenue');
  return top;
}

/**
 * R44: a correction of revenue booked in an earlier year rests on the correction notice and, for central
 * revenue (or revenue shared with the centre), the Ministry of Finance office's letter and the inspection or
 * audit report; for local revenue, the audit office's letter, its audit report and the finance bureau's
 * written opinion. Refuses PRIOR_YEAR_DOCUMENTS_MISSING naming what is missing.
 */
export function assertPriorYearDocuments(revenueLevel: FiscalLevel, documents: readonly CorrectionDocument[]): void {
  const required = revenueLevel === 'central' ? ['mof_office_letter', 'inspection_report'] : ['audit_office_letter', 'audit_report', 'finance_opinion'];
  const missing = required.filter((kind) => !documents.some((document) => document.kind === kind));
  if (missing.length > 0) {
    throw failedPrecondition('PRIOR_YEAR_DOCUMENTS_MISSING', `a correction of an earlier year's ${revenueLevel === 'central' ? 'central or shared' : 'local'} revenue needs ${missing.join(', ')} (R44)`, {
      missing: missing.join(','),
    });
  }
}
