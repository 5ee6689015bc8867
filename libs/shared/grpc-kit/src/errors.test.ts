import { status, type ServiceError } from '@grpc/grpc-js';
import { failedPrecondition, invalidArgument } from '@jinku/kernel';
import { Status } from '@jinku/proto';
import { describe, expect, it } from 'vitest';
import { ERROR_DOMAIN, reasonOf, toStatus } from './errors';

const asServiceError = (error: ReturnType<typeof toStatus>) => ({ ...error, name: 'Error', message: '' }) as unknown as ServiceError;

describe('toStatus', () => {
  it('maps each refusal kind to its gRPC code and carries the reason both ways', () => {
    const refused = toStatus(failedPrecondition('INSUFFICIENT_BALANCE', 'account 201103 would be overdrawn', { account: '201103' }));
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.metadata!.get('jinku-reason')).toEqual(['INSUFFICIENT_BALANCE']);
    expect(reasonOf(asServiceError(refused))).toBe('INSUFFICIENT_BALANCE');
    const [raw] = refused.metadata!.get('grpc-status-details-bin') as Buffer[];
    const decoded = Status.decode(raw!);
    expect(decoded.code).toBe(status.FAILED_PRECONDITION);
    expect(decoded.details[0]!.typeUrl).toBe('type.googleapis.com/google.rpc.ErrorInfo');
    expect(toStatus(invalidArgument('MALFORMED_AMOUNT', 'bad')).code).toBe(status.INVALID_ARGUMENT);
    expect(ERROR_DOMAIN).toBe('jinku.treasury');
  });
});
