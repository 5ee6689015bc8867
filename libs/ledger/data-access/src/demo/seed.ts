import type { BusinessDate } from '@jinku/kernel';
import type { LedgerSetup, TreasuryDefinition } from '../setup';
import type { BusinessDays } from '../days';
import { chinaCalendarOverrides } from './calendar-cn';
import { standardAccounts, standardSubjects } from './chart';
import { demoClassificationCodes } from './classification-codes';

/** Shenzhen branch treasury over two district sub-treasuries (SPEC §1, R3, R23). */
export const demoTreasuries: readonly TreasuryDefinition[] = [
  { id: 'SZ', name: '国家金库深圳市分库', parentId: null, fiscalLevel: 'municipal' },
  { id: 'SZ-FT', name: '国家金库深圳市福田区支库', parentId: 'SZ', fiscalLevel: 'district' },
  { id: 'SZ-LG', name: '国家金库深圳市龙岗区支库', parentId: 'SZ', fiscalLevel: 'district' },
];

/**
 * Loads the demo books into an empty ledger: calendar, classification codes from the Longgang budget
 * (seed 003), the three treasuries with the standard chart, and each one's first business day on or
 * after `today` (2025 and 2026 are loaded; 2027 not yet, see calendar-cn.ts). Returns that day.
 */
export async function seedLedgerDemo(setup: LedgerSetup, days: BusinessDays, today: BusinessDate): Promise<BusinessDate> {
  await setup.loadCalendar(chinaCalendarOverrides);
  await setup.loadClassificationCodes(demoClassificationCodes);
  const firstDay = (await days.calendar()).onOrAfter(today);
  for (const treasury of demoTreasuries) {
    await setup.createTreasury(treasury);
    await setup.defineSubjects(treasury.id, standardSubjects);
    const levels = treasury.fiscalLevel === 'municipal' ? (['provincial', 'municipal'] as const) : (['district'] as const);
    await setup.openAccounts(treasury.id, standardAccounts(levels, firstDay));
    await days.openFirst(treasury.id, firstDay);
  }
  return firstDay;
}
