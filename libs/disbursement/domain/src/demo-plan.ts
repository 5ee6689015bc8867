import type { PlanSubmission } from './budget-data';

/** The finance bureau of Longgang district (龙岗区财政局), as the demo's paying bureau at the Longgang sub-treasury. */
export const DEMO_BUREAU = 'FB-440307';

/**
 * Table 7 (一般公共预算支出表, by function) of the 2023 department budget of 深圳市龙岗区财政国库支付中心, in 万元,
 * at the 项 level: one department's budget, standing in for the bureau's expenditure plan in the demo. The
 * figures are the budget's own; × 10,000 gives yuan.
 */
const LONGGANG_2023_BY_FUNCTION: readonly [functionCode: string, tenThousands: number][] = [
  ['2010605', 949], // 财政国库业务
  ['2010650', 2309], // 事业运行
  ['2080502', 51], // 事业单位离退休
  ['2080505', 221], // 机关事业单位基本养老保险缴费支出
  ['2080506', 85], // 机关事业单位职业年金缴费支出
  ['2101102', 95], // 事业单位医疗
  ['2210201', 221], // 住房公积金
  ['2210203', 407], // 购房补贴
];

/** The demo plan of `year`: the figures above, any economic code. */
export function demoPlan(year: number): PlanSubmission {
  return {
    bureauCode: DEMO_BUREAU,
    year,
    kind: 'plan',
    document: `龙财预〔${year}〕1号（演示）`,
    lines: LONGGANG_2023_BY_FUNCTION.map(([functionCode, tenThousands]) => ({ functionCode, economicCode: '', amount: `${tenThousands}0000.00` })),
  };
}
