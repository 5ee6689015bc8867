import { describe, expect, it } from 'vitest';
import { asUnavailable, isConnectionError } from './unavailable';

describe('asUnavailable', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08P01', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'])(
    'turns a connection error (%s) into a retryable DATABASE_UNAVAILABLE refusal',
    (code) => {
      expect(asUnavailable(Object.assign(new Error('lost'), { code }))).toMatchObject({ kind: 'unavailable', reason: 'DATABASE_UNAVAILABLE' });
    },
  );

  it('sees through the AggregateError of a host with several addresses, all refused', () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(isConnectionError(new AggregateError([refused('::1'), refused('127.0.0.1')]))).toBe(true);
  });

  it.each([
    ['57014', 'STATEMENT_TIMEOUT'],
    ['55P03', 'LOCK_TIMEOUT'],
  ])('turns a statement the database cut (%s) into a retryable %s refusal', (code, reason) => {
    expect(asUnavailable(Object.assign(new Error('cut'), { code }))).toMatchObject({ kind: 'unavailable', reason });
  });

  it.each([
    ['a constraint violation', { code: '23505' }],
    ['a serialization failure', { code: '40001' }],
    ['a syntax error', { code: '42601' }],
    ['a plain error', new Error('bug')],
    ['no error at all', undefined],
    ['null', null],
  ])('leaves %s alone', (_name, error) => {
    expect(asUnavailable(error)).toBeUndefined();
  });
});
