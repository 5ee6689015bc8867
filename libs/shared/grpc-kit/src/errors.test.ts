import { status, type ServiceError } from '@grpc/grpc-js';
import { DomainError } from '@jinku/kernel';
import { failedPrecondition, invalidArgument } from '@jinku/kernel';
import { googleRpc, Status } from '@jinku/proto';
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

  it('bounds what a refusal carries, whatever it echoes: message, each detail and their number', () => {
    const huge = `${'金'.repeat(50_000)}\uD800${'x'.repeat(50_000)}`;
    const details = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}${'k'.repeat(1000)}`, huge]));
    const refused = toStatus(new DomainError('invalid_argument', 'MALFORMED_AMOUNT', huge, details));
    const trailerBytes = [refused.details!, ...refused.metadata!.get('grpc-status-details-bin'), 'MALFORMED_AMOUNT'].reduce(
      (total, value) => total + (typeof value === 'string' ? encodeURI(value).length : (value as Buffer).toString('base64').length),
      0,
    );
    expect(trailerBytes).toBeLessThan(5 * 1024);
    expect(Buffer.byteLength(refused.details!)).toBeLessThanOrEqual(512);
    expect(refused.details!.endsWith('…')).toBe(true);
    expect(() => encodeURI(refused.details!)).not.toThrow();
    const [raw] = refused.metadata!.get('grpc-status-details-bin') as Buffer[];
    const info = googleRpc.ErrorInfo.decode(Status.decode(raw!).details[0]!.value);
    expect(info.reason).toBe('MALFORMED_AMOUNT');
    expect(Object.keys(info.metadata)).toHaveLength(8);
    for (const value of Object.values(info.metadata)) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(128);
  });

  it('leaves an ordinary refusal as it is', () => {
    const refused = toStatus(failedPrecondition('INSUFFICIENT_BALANCE', 'account 201103 would be overdrawn', { account: '201103' }));
    expect(refused.details).toBe('account 201103 would be overdrawn');
    const [raw] = refused.metadata!.get('grpc-status-details-bin') as Buffer[];
    expect(googleRpc.ErrorInfo.decode(Status.decode(raw!).details[0]!.value).metadata).toEqual({ account: '201103' });
  });
});
