import type { BusinessDate } from '@jinku/kernel';
import type { FiscalLevel, Subject, SubjectRole } from '@jinku/ledger-domain';
import type { AccountDefinition } from '../setup';

const on = (code: string, name: string, normalSide: 'debit' | 'credit', role: SubjectRole): Subject => ({
  code,
  name,
  balanceSheet: 'on',
  normalSide,
  isDeposit: role === 'deposit',
  // R46: the deposit subjects of local fiscal treasury, fiscal special and extra-budgetary funds bear interest.
  interestBearing: role === 'deposit',
  role,
});
const off = (code: string, name: string): Subject => ({ code, name, balanceSheet: 'off', normalSide: 'debit', isDeposit: false, interestBearing: false, role: 'custody' });

/** The standard chart of a treasury (SPEC §2): on-balance subjects, then off-balance (表外) ones. */
export const standardSubjects: readonly Subject[] = [
  on('1011', '中央预算收入', 'credit', 'revenue'),
  on('1031', '暂付款', 'debit', 'suspense_payment'),
  on('1041', '上下级国库往来', 'debit', 'inter_treasury'),
  on('1051', '清算账户', 'debit', 'clearing'),
  on('2011', '地方财政库款', 'credit', 'deposit'),
  on('2012', '财政预算专项存款', 'credit', 'deposit'),
  on('2013', '财政预算外存款', 'credit', 'deposit'),
  on('2021', '待结算财政款项', 'credit', 'pending_settlement'),
  on('2031', '暂收款', 'credit', 'suspense_receipt'),
  on('5011', '国库存款利息支出', 'debit', 'interest_expense'),
  off('7011', '国债收款单'),
  off('7012', '无记名国债'),
  off('7021', '重要空白凭证'),
  off('7022', '有价单证'),
];

const LEVEL_SUFFIX: Record<FiscalLevel, string> = { central: '01', provincial: '02', municipal: '03', district: '04' };

/**
 * Account number = subject code + two digits; deposit accounts carry the fiscal level in those digits, the
 * blank-voucher and valuable-document subjects 10 (custody, 保管户) or 20 (use, 使用户).
 */
export function standardAccounts(levels: readonly FiscalLevel[], openedOn: BusinessDate): AccountDefinition[] {
  const shared = (code: string, name: string): AccountDefinition => ({ number: `${code}00`, name, subjectCode: code, fiscalLevel: null, openedOn });
  // R27: the keeper's stock and the pieces issued to users are booked apart.
  const custodyAndUse = (code: string, name: string): AccountDefinition[] => [
    { number: `${code}10`, name: `${name}（保管户）`, subjectCode: code, fiscalLevel: null, openedOn },
    { number: `${code}20`, name: `${name}（使用户）`, subjectCode: code, fiscalLevel: null, openedOn },
  ];
  const perLevel = (code: string, name: string) =>
    levels.map((level) => ({ number: `${code}${LEVEL_SUFFIX[level]}`, name: `${name}（${level}）`, subjectCode: code, fiscalLevel: level, openedOn }));
  return [
    { number: '101101', name: '中央预算收入', subjectCode: '1011', fiscalLevel: 'central', openedOn },
    shared('1031', '暂付款'),
    shared('1041', '上下级国库往来'),
    shared('1051', '清算账户'),
    ...perLevel('2011', '地方财政库款'),
    ...perLevel('2012', '财政预算专项存款'),
    ...perLevel('2013', '财政预算外存款'),
    shared('2021', '待结算财政款项'),
    shared('2031', '暂收款'),
    shared('5011', '国库存款利息支出'),
    shared('7011', '国债收款单'),
    shared('7012', '无记名国债'),
    ...custodyAndUse('7021', '重要空白凭证'),
    ...custodyAndUse('7022', '有价单证'),
  ];
}
