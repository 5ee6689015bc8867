import type { BusinessDate } from '@jinku/kernel';
import { parseSharingRule, type SharingRule } from './sharing';

/**
 * A realistic demo set of Shenzhen's sharing parameters (体制分成参数), all effective from `effectiveFrom`
 * and valid in every region: none needs a region of its own, so no rule names one (440300 Shenzhen city,
 * 440304 Futian, 440307 Longgang would be the codes). The central shares follow the State Council's
 * documents. Shenzhen is a separately planned city (计划单列市) settling its fiscal system directly with
 * the centre, so there is no provincial share. How the local part is split between the city and its
 * districts is a DEMO ASSUMPTION standing in for Shenzhen's city–district fiscal system (市区财政体制),
 * whose real ratios vary by district and year and are not in the rulebook.
 */
export function demoSharingRules(effectiveFrom: BusinessDate): SharingRule[] {
  const rule = (revenueCode: string, shares: Record<string, string>): SharingRule =>
    parseSharingRule({
      revenueCode,
      region: '',
      effectiveFrom,
      shares: Object.entries(shares).map(([level, percent]) => ({ level, percent })),
    });
  return [
    // 1010101 国内增值税: 50% central / 50% local since the VAT reform of 1 May 2016 (国发〔2016〕26号,
    // 全面推开营改增试点后调整中央与地方增值税收入划分过渡方案). Local half: city 25 / district 25 — demo assumption.
    rule('1010101', { central: '50', municipal: '25', district: '25' }),
    // 10104 企业所得税: 60% central / 40% local — income tax sharing reform (国发〔2001〕37号, 所得税收入分享改革方案)
    // with the 60/40 ratio from 2003 on (国发〔2003〕26号). Local part: city 20 / district 20 — demo assumption.
    rule('10104', { central: '60', municipal: '20', district: '20' }),
    // 10106 个人所得税: 60% central / 40% local, by the same documents (国发〔2001〕37号, 国发〔2003〕26号).
    // Local part: city 20 / district 20 — demo assumption.
    rule('10106', { central: '60', municipal: '20', district: '20' }),
    // 10109 城市维护建设税: a local tax, no central share. City 50 / district 50 — demo assumption.
    rule('10109', { municipal: '50', district: '50' }),
    // 10304 行政事业性收费收入: non-tax administrative fees, all district revenue in this demo — demo assumption
    // (fees belong to the level of the collecting department; the demo's collecting units are district ones).
    rule('10304', { district: '100' }),
  ];
}
