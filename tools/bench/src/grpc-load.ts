import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { ledgerV1 } from '@jinku/proto';
import type { Poster } from './measure';
import { TREASURY } from './setup';
import { DOCUMENT_KIND, formatCents, SUMMARY, type VoucherSpec, type Workload } from './workload';

/** A stuck call fails the run instead of hanging it. */
const CALL_TIMEOUT_MS = 30_000;

export interface LedgerConnection {
  readonly client: ledgerV1.LedgerServiceClient;
  readonly metadata: Metadata;
}

export function connectLedger(address: string, token: string): LedgerConnection {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return { client: new ledgerV1.LedgerServiceClient(address, credentials.createInsecure()), metadata };
}

/** Resolves once the channel is connected, so the first measured call does not pay the handshake. */
export function waitForLedger(connection: LedgerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve())),
  );
}

export function postVoucherRequest(spec: VoucherSpec): ledgerV1.PostVoucherRequest {
  const amount = formatCents(spec.amountCents);
  return {
    treasuryId: TREASURY,
    idempotencyKey: spec.idempotencyKey,
    summary: SUMMARY,
    documents: [{ kind: DOCUMENT_KIND, reference: spec.idempotencyKey }],
    lines: [
      { accountNumber: spec.debit.number, side: ledgerV1.Side.SIDE_DEBIT, amount, fiscalLevel: '', classificationCode: '' },
      { accountNumber: spec.credit.number, side: ledgerV1.Side.SIDE_CREDIT, amount, fiscalLevel: '', classificationCode: '' },
    ],
  };
}

const deadline = () => ({ deadline: Date.now() + CALL_TIMEOUT_MS });
const failure = (method: string, error: ServiceError) => new Error(`${method} failed: ${error.code} ${error.details}`);

/** Unary PostVoucher, `inFlight` calls outstanding; the server group-commits what arrives together. */
export function unaryPoster({ client, metadata }: LedgerConnection, workload: Workload, inFlight: number): Poster {
  return {
    label: `gRPC PostVoucher, ${inFlight} in flight`,
    vouchersPerCall: 1,
    inFlight,
    call: (phase) =>
      new Promise((resolve, reject) => {
        const request = postVoucherRequest(workload.next(`unary:${workload.name}:${phase}`));
        client.postVoucher(request, metadata, deadline(), (error) => (error ? reject(failure('PostVoucher', error)) : resolve()));
      }),
  };
}

/** BatchPostVouchers, `size` vouchers per call (one transaction each); any refused voucher fails the run. */
export function batchPoster({ client, metadata }: LedgerConnection, workload: Workload, size: number, inFlight: number): Poster {
  return {
    label: `gRPC BatchPostVouchers, ${size} per call, ${inFlight} in flight`,
    vouchersPerCall: size,
    inFlight,
    call: (phase) =>
      new Promise((resolve, reject) => {
        const requests = Array.from({ length: size }, () => postVoucherRequest(workload.next(`batch:${workload.name}:${phase}`)));
        client.batchPostVouchers({ requests }, metadata, deadline(), (error, response) => {
          if (error) return reject(failure('BatchPostVouchers', error));
          const refused = response.results.find((result) => result.outcome?.$case !== 'voucher');
          if (response.results.length !== size || refused) {
            const reason = refused?.outcome?.$case === 'error' ? refused.outcome.value.reason : 'missing result';
            return reject(new Error(`BatchPostVouchers refused a voucher: ${reason}`));
          }
          resolve();
        });
      }),
  };
}
