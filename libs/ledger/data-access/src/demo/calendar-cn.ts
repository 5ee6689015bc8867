import type { CalendarDay } from '@jinku/ledger-domain';

// Official PRC public holidays and make-up working days (调休), 2025–2026, from the State Council General Office
// notices 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12) and
// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
//
// This is loadable data, not logic: it must be checked against the State Council notice for each year (published
// each November for the next year) and extended year by year. Every day of each holiday block is listed as
// 'holiday' (weekend days included); each Saturday/Sunday that is a working day is listed as 'workday'.
//
// 2027 is deliberately absent: until its notice is out and loaded through an approved calendar change, closing
// 31 December 2026 is refused (CALENDAR_NOT_LOADED) rather than opening New Year's Day 2027 as a business day.

export const chinaCalendarOverrides: readonly CalendarDay[] = [
  // 2025
  { date: '2025-01-01', kind: 'holiday', name: '元旦' }, // 周三
  { date: '2025-01-26', kind: 'workday', name: '春节调休上班' }, // 周日
  { date: '2025-01-28', kind: 'holiday', name: '春节' }, // 周二
  { date: '2025-01-29', kind: 'holiday', name: '春节' }, // 周三
  { date: '2025-01-30', kind: 'holiday', name: '春节' }, // 周四
  { date: '2025-01-31', kind: 'holiday', name: '春节' }, // 周五
  { date: '2025-02-01', kind: 'holiday', name: '春节' }, // 周六
  { date: '2025-02-02', kind: 'holiday', name: '春节' }, // 周日
  { date: '2025-02-03', kind: 'holiday', name: '春节' }, // 周一
  { date: '2025-02-04', kind: 'holiday', name: '春节' }, // 周二
  { date: '2025-02-08', kind: 'workday', name: '春节调休上班' }, // 周六
  { date: '2025-04-04', kind: 'holiday', name: '清明节' }, // 周五
  { date: '2025-04-05', kind: 'holiday', name: '清明节' }, // 周六
  { date: '2025-04-06', kind: 'holiday', name: '清明节' }, // 周日
  { date: '2025-04-27', kind: 'workday', name: '劳动节调休上班' }, // 周日
  { date: '2025-05-01', kind: 'holiday', name: '劳动节' }, // 周四
  { date: '2025-05-02', kind: 'holiday', name: '劳动节' }, // 周五
  { date: '2025-05-03', kind: 'holiday', name: '劳动节' }, // 周六
  { date: '2025-05-04', kind: 'holiday', name: '劳动节' }, // 周日
  { date: '2025-05-05', kind: 'holiday', name: '劳动节' }, // 周一
  { date: '2025-05-31', kind: 'holiday', name: '端午节' }, // 周六
  { date: '2025-06-01', kind: 'holiday', name: '端午节' }, // 周日
  { date: '2025-06-02', kind: 'holiday', name: '端午节' }, // 周一
  { date: '2025-09-28', kind: 'workday', name: '国庆节、中秋节调休上班' }, // 周日
  { date: '2025-10-01', kind: 'holiday', name: '国庆节、中秋节' }, // 周三
  { date: '2025-10-02', kind: 'holiday', name: '国庆节、中秋节' }, // 周四
  { date: '2025-10-03', kind: 'holiday', name: '国庆节、中秋节' }, // 周五
  { date: '2025-10-04', kind: 'holiday', name: '国庆节、中秋节' }, // 周六
  { date: '2025-10-05', kind: 'holiday', name: '国庆节、中秋节' }, // 周日
  { date: '2025-10-06', kind: 'holiday', name: '国庆节、中秋节' }, // 周一
  { date: '2025-10-07', kind: 'holiday', name: '国庆节、中秋节' }, // 周二
  { date: '2025-10-08', kind: 'holiday', name: '国庆节、中秋节' }, // 周三
  { date: '2025-10-11', kind: 'workday', name: '国庆节、中秋节调休上班' }, // 周六
  // 2026
  { date: '2026-01-01', kind: 'holiday', name: '元旦' }, // 周四
  { date: '2026-01-02', kind: 'holiday', name: '元旦' }, // 周五
  { date: '2026-01-03', kind: 'holiday', name: '元旦' }, // 周六
  { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' }, // 周日
  { date: '2026-02-14', kind: 'workday', name: '春节调休上班' }, // 周六
  { date: '2026-02-15', kind: 'holiday', name: '春节' }, // 周日
  { date: '2026-02-16', kind: 'holiday', name: '春节' }, // 周一
  { date: '2026-02-17', kind: 'holiday', name: '春节' }, // 周二
  { date: '2026-02-18', kind: 'holiday', name: '春节' }, // 周三
  { date: '2026-02-19', kind: 'holiday', name: '春节' }, // 周四
  { date: '2026-02-20', kind: 'holiday', name: '春节' }, // 周五
  { date: '2026-02-21', kind: 'holiday', name: '春节' }, // 周六
  { date: '2026-02-22', kind: 'holiday', name: '春节' }, // 周日
  { date: '2026-02-23', kind: 'holiday', name: '春节' }, // 周一
  { date: '2026-02-28', kind: 'workday', name: '春节调休上班' }, // 周六
  { date: '2026-04-04', kind: 'holiday', name: '清明节' }, // 周六
  { date: '2026-04-05', kind: 'holiday', name: '清明节' }, // 周日
  { date: '2026-04-06', kind: 'holiday', name: '清明节' }, // 周一
  { date: '2026-05-01', kind: 'holiday', name: '劳动节' }, // 周五
  { date: '2026-05-02', kind: 'holiday', name: '劳动节' }, // 周六
  { date: '2026-05-03', kind: 'holiday', name: '劳动节' }, // 周日
  { date: '2026-05-04', kind: 'holiday', name: '劳动节' }, // 周一
  { date: '2026-05-05', kind: 'holiday', name: '劳动节' }, // 周二
  { date: '2026-05-09', kind: 'workday', name: '劳动节调休上班' }, // 周六
  { date: '2026-06-19', kind: 'holiday', name: '端午节' }, // 周五
  { date: '2026-06-20', kind: 'holiday', name: '端午节' }, // 周六
  { date: '2026-06-21', kind: 'holiday', name: '端午节' }, // 周日
  { date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' }, // 周日
  { date: '2026-09-25', kind: 'holiday', name: '中秋节' }, // 周五
  { date: '2026-09-26', kind: 'holiday', name: '中秋节' }, // 周六
  { date: '2026-09-27', kind: 'holiday', name: '中秋节' }, // 周日
  { date: '2026-10-01', kind: 'holiday', name: '国庆节' }, // 周四
  { date: '2026-10-02', kind: 'holiday', name: '国庆节' }, // 周五
  { date: '2026-10-03', kind: 'holiday', name: '国庆节' }, // 周六
  { date: '2026-10-04', kind: 'holiday', name: '国庆节' }, // 周日
  { date: '2026-10-05', kind: 'holiday', name: '国庆节' }, // 周一
  { date: '2026-10-06', kind: 'holiday', name: '国庆节' }, // 周二
  { date: '2026-10-07', kind: 'holiday', name: '国庆节' }, // 周三
  { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }, // 周六
];
