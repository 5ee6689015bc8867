// Expenditure codes (function and economic) and their names: seed 003, the 2023 department budget of 深圳市龙岗区财政国库支付中心 (tables 3, 7, 8); revenue codes: a compact demo subset of the 2023 政府收支分类科目.

export interface DemoClassificationCode {
  readonly code: string;
  readonly name: string;
  readonly kind: 'revenue' | 'expenditure_function' | 'expenditure_economic';
}

/**
 * Government revenue and expenditure classification codes (政府收支分类科目, SPEC §1, R25), sorted by code as a
 * string so each parent (its prefix: 类 3 digits → 款 5 → 项 7; economic 类 3 → 款 5) comes right before its children.
 * Names are as printed in seed 003 (e.g. 303 对个人和家庭补助, where the national catalogue says 对个人和家庭的补助).
 */
export const demoClassificationCodes: readonly DemoClassificationCode[] = [
  { code: '101', name: '税收收入', kind: 'revenue' },
  { code: '10101', name: '增值税', kind: 'revenue' },
  { code: '1010101', name: '国内增值税', kind: 'revenue' },
  { code: '10104', name: '企业所得税', kind: 'revenue' },
  { code: '10106', name: '个人所得税', kind: 'revenue' },
  { code: '10109', name: '城市维护建设税', kind: 'revenue' },
  { code: '103', name: '非税收入', kind: 'revenue' },
  { code: '10304', name: '行政事业性收费收入', kind: 'revenue' },
  { code: '201', name: '一般公共服务支出', kind: 'expenditure_function' },
  { code: '20106', name: '财政事务', kind: 'expenditure_function' },
  { code: '2010605', name: '财政国库业务', kind: 'expenditure_function' },
  { code: '2010650', name: '事业运行', kind: 'expenditure_function' },
  { code: '208', name: '社会保障和就业支出', kind: 'expenditure_function' },
  { code: '20805', name: '行政事业单位养老支出', kind: 'expenditure_function' },
  { code: '2080502', name: '事业单位离退休', kind: 'expenditure_function' },
  { code: '2080505', name: '机关事业单位基本养老保险缴费支出', kind: 'expenditure_function' },
  { code: '2080506', name: '机关事业单位职业年金缴费支出', kind: 'expenditure_function' },
  { code: '210', name: '卫生健康支出', kind: 'expenditure_function' },
  { code: '21011', name: '行政事业单位医疗', kind: 'expenditure_function' },
  { code: '2101102', name: '事业单位医疗', kind: 'expenditure_function' },
  { code: '221', name: '住房保障支出', kind: 'expenditure_function' },
  { code: '22102', name: '住房改革支出', kind: 'expenditure_function' },
  { code: '2210201', name: '住房公积金', kind: 'expenditure_function' },
  { code: '2210203', name: '购房补贴', kind: 'expenditure_function' },
  { code: '301', name: '工资福利支出', kind: 'expenditure_economic' },
  { code: '30101', name: '基本工资', kind: 'expenditure_economic' },
  { code: '30102', name: '津贴补贴', kind: 'expenditure_economic' },
  { code: '30103', name: '奖金', kind: 'expenditure_economic' },
  { code: '30107', name: '绩效工资', kind: 'expenditure_economic' },
  { code: '30108', name: '机关事业单位基本养老保险缴费', kind: 'expenditure_economic' },
  { code: '30109', name: '职业年金缴费', kind: 'expenditure_economic' },
  { code: '30110', name: '职工基本医疗保险缴费', kind: 'expenditure_economic' },
  { code: '30112', name: '其他社会保障缴费', kind: 'expenditure_economic' },
  { code: '30113', name: '住房公积金', kind: 'expenditure_economic' },
  { code: '30199', name: '其他工资福利支出', kind: 'expenditure_economic' },
  { code: '302', name: '商品和服务支出', kind: 'expenditure_economic' },
  { code: '30201', name: '办公费', kind: 'expenditure_economic' },
  { code: '30202', name: '印刷费', kind: 'expenditure_economic' },
  { code: '30204', name: '手续费', kind: 'expenditure_economic' },
  { code: '30205', name: '水费', kind: 'expenditure_economic' },
  { code: '30206', name: '电费', kind: 'expenditure_economic' },
  { code: '30207', name: '邮电费', kind: 'expenditure_economic' },
  { code: '30209', name: '物业管理费', kind: 'expenditure_economic' },
  { code: '30211', name: '差旅费', kind: 'expenditure_economic' },
  { code: '30213', name: '维修（护）费', kind: 'expenditure_economic' },
  { code: '30216', name: '培训费', kind: 'expenditure_economic' },
  { code: '30226', name: '劳务费', kind: 'expenditure_economic' },
  { code: '30227', name: '委托业务费', kind: 'expenditure_economic' },
  { code: '30228', name: '工会经费', kind: 'expenditure_economic' },
  { code: '30229', name: '福利费', kind: 'expenditure_economic' },
  { code: '30231', name: '公务用车运行维护费', kind: 'expenditure_economic' },
  { code: '30299', name: '其他商品和服务支出', kind: 'expenditure_economic' },
  { code: '303', name: '对个人和家庭补助', kind: 'expenditure_economic' },
  { code: '30302', name: '退休费', kind: 'expenditure_economic' },
  { code: '310', name: '资本性支出', kind: 'expenditure_economic' },
  { code: '31002', name: '办公设备购置', kind: 'expenditure_economic' },
];
