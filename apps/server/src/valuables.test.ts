import { credentials, status, type Metadata } from '@grpc/grpc-js';
import { ledgerV1, sealsV1 } from '@jinku/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHarness, valueOf, type Harness } from './testing/harness';

let harness: Harness;
let valuables: sealsV1.ValuableDocumentServiceClient;
let ledger: ledgerV1.LedgerServiceClient;
const people: Record<'clerk' | 'operator' | 'refunds' | 'supervisor', Metadata> = {} as never;
const KIND = 'revenue_refund_book';

const balanceOf = async (accountNumber: string) =>
  valueOf(await call(ledger.getAccount.bind(ledger), { treasuryId: 'SZ', number: accountNumber }, people.supervisor)).balance;
const movements = async () => (await harness.database.sql<{ n: number }[]>`select count(*)::int as n from seals.valuable_movements`)[0]!.n;

beforeAll(async () => {
  harness = await startHarness();
  people.clerk = await harness.personWith('sz.clerk', ['voucher_clerk']);
  people.operator = await harness.personWith('sz.operator', ['income_operator']);
  people.refunds = await harness.personWith('sz.refunds', ['fiscal_refund_operator']);
  people.supervisor = await harness.personWith('sz.supervisor', ['accounting_supervisor']);
  valuables = new sealsV1.ValuableDocumentServiceClient(harness.address, credentials.createInsecure());
  ledger = new ledgerV1.LedgerServiceClient(harness.address, credentials.createInsecure());
});

afterAll(async () => {
  valuables?.close();
  ledger?.close();
  await harness?.stop();
});

describe('ValuableDocumentService (R27)', () => {
  it('receives, issues and uses in number order, refuses a skipped serial, and keeps the off-balance books equal to the stock', async () => {
    const receive = { kind: KIND, firstSerial: '00001001', lastSerial: '00001100', documentReference: 'requisition 2026-17', idempotencyKey: 'receive-1' };
    expect(await call(valuables.receiveValuables.bind(valuables), receive, people.operator)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED });
    expect(valueOf(await call(valuables.receiveValuables.bind(valuables), receive, people.clerk))).toMatchObject({ event: 'received', count: '100' });

    const issue = (firstSerial: string, lastSerial: string, idempotencyKey: string) =>
      call(valuables.issueValuables.bind(valuables), { kind: KIND, firstSerial, lastSerial, toUserId: harness.userIdOf('sz.refunds'), idempotencyKey }, people.clerk);
    const before = await movements();
    expect(await issue('00001011', '00001020', 'issue-skip')).toMatchObject({ ok: false, code: status.FAILED_PRECONDITION, reason: 'SERIAL_SKIPPED' });
    expect(await movements()).toBe(before);
    valueOf(await issue('00001001', '00001010', 'issue-1'));

    const use = (serial: string, idempotencyKey: string, metadata = people.refunds) =>
      call(valuables.useValuable.bind(valuables), { kind: KIND, serial, documentReference: `refund ${serial}`, idempotencyKey }, metadata);
    expect(await use('00001002', 'use-skip')).toMatchObject({ ok: false, reason: 'SERIAL_SKIPPED' });
    expect(await use('00001001', 'use-not-mine', people.operator)).toMatchObject({ ok: false, reason: 'SERIAL_NOT_ISSUED_TO_YOU' });
    expect(valueOf(await use('00001001', 'use-1')).voucherId).not.toBe('');

    // 90 pieces in custody, 9 in use, at 1.00 each.
    const count = valueOf(await call(valuables.countValuables.bind(valuables), {}, people.supervisor));
    expect(count.agrees).toBe(true);
    expect(count.lines.every((line) => line.difference === '0.00')).toBe(true);
    expect(await balanceOf('702110')).toBe('90.00');
    expect(await balanceOf('702120')).toBe('9.00');
    expect(await call(valuables.countValuables.bind(valuables), {}, people.clerk)).toMatchObject({ ok: false, code: status.PERMISSION_DENIED });
  });
});
