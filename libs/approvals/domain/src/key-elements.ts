import { parseAmount } from '@jinku/kernel';

/** What the key-element auditor re-enters for money leaving the treasury (R18(3)). */
export interface KeyElements {
  readonly payeeAccount: string;
  readonly payeeName: string;
  readonly bankCode: string;
  readonly amount: string;
}

/** Fields the auditor entered differently from the request; amounts compare as money, not as text. */
export function mismatchedKeyElements(expected: KeyElements, entered: KeyElements): (keyof KeyElements)[] {
  const fields: (keyof KeyElements)[] = ['payeeAccount', 'payeeName', 'bankCode'];
  const mismatched = fields.filter((field) => expected[field].trim() !== entered[field].trim());
  if (!parseAmount(expected.amount).equals(parseAmount(entered.amount, 'key_elements.amount'))) mismatched.push('amount');
  return mismatched;
}
