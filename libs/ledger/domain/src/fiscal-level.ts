/** Budget levels (预算级次). Every divided revenue amount belongs to exactly one. */
export const FISCAL_LEVELS = ['central', 'provincial', 'municipal', 'district'] as const;
export type FiscalLevel = (typeof FISCAL_LEVELS)[number];

export function isFiscalLevel(value: string): value is FiscalLevel {
  return (FISCAL_LEVELS as readonly string[]).includes(value);
}
