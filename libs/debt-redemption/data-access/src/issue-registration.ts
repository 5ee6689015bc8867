import { malformedPayload, payloadRecord, payloadText, type ActionDefinition } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import { checkBondIssue, MAX_RANGES, type BondIssueInput } from '@jinku/debt-redemption-domain';
import { alreadyExists } from '@jinku/kernel';
import { bondRepository } from './bond-repository';

function payloadOf(raw: unknown): BondIssueInput {
  const record = payloadRecord(raw, 'payload');
  const text = (field: string) => payloadText(record, field);
  const ranges = record['ranges'] ?? [];
  if (!Array.isArray(ranges) || ranges.length > MAX_RANGES) throw malformedPayload('payload.ranges', `a list of at most ${MAX_RANGES}`);
  return {
    code: text('code'),
    name: text('name'),
    kind: text('kind'),
    couponRate: text('couponRate'),
    valueDate: text('valueDate'),
    maturityDate: text('maturityDate'),
    redeemFrom: text('redeemFrom'),
    redeemTo: text('redeemTo'),
    ranges: ranges.map((entry, index) => {
      const range = payloadRecord(entry, `payload.ranges[${index}]`);
      const field = (name: string) => payloadText(range, name, `payload.ranges[${index}]`);
      return { prefix: field('prefix'), first: field('first'), last: field('last'), faceValue: field('faceValue') };
    }),
  };
}

/**
 * A bond issue and the serials it sold, from the Ministry of Finance's notice and the issuance records, registered
 * by the system admin and approved by the reviewer and the supervisor: what every claim is checked against (R49).
 */
export function bondIssueRegistrationAction(database: Database): ActionDefinition<BondIssueInput> {
  return {
    policy: { kind: 'bond_issue_registration', permission: 'bond.register' },
    async parse(raw) {
      const input = payloadOf(raw);
      const issue = checkBondIssue(input);
      if (await bondRepository.issueExists(database.sql, issue.code)) throw alreadyExists('ISSUE_EXISTS', `bond issue ${issue.code} is registered`);
      return input;
    },
    targetOf: (input) => `bond-issue:${input.code}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, input, context) {
      await bondRepository.addIssue(tx, checkBondIssue(input), context.requestId);
      return { code: input.code };
    },
  };
}
