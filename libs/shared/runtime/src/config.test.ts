import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has a default for every setting: timeouts for the server, none for the worker, metrics on loopback, plaintext with reflection', () => {
    expect(loadConfig({})).toMatchObject({
      databaseStatementTimeoutMs: 30_000,
      databaseLockTimeoutMs: 10_000,
      workerStatementTimeoutMs: 0,
      metricsAddress: '127.0.0.1:9464',
      workerMetricsAddress: '127.0.0.1:9465',
      tls: undefined,
      grpcReflection: true,
    });
  });

  it('turns reflection off with off, false or 0, in any case', () => {
    for (const value of ['off', 'FALSE', '0', ' Off ']) expect(loadConfig({ JINKU_GRPC_REFLECTION: value }).grpcReflection).toBe(false);
    for (const value of ['on', 'true', '1', '']) expect(loadConfig({ JINKU_GRPC_REFLECTION: value }).grpcReflection).toBe(true);
    expect(() => loadConfig({ JINKU_GRPC_REFLECTION: 'maybe' })).toThrow(ConfigError);
  });

  it('takes TLS files as a pair, the client CA only with them', () => {
    expect(loadConfig({ JINKU_TLS_CERT: 'c.pem', JINKU_TLS_KEY: 'k.pem' }).tls).toEqual({ certFile: 'c.pem', keyFile: 'k.pem' });
    expect(loadConfig({ JINKU_TLS_CERT: 'c.pem', JINKU_TLS_KEY: 'k.pem', JINKU_TLS_CA: 'ca.pem' }).tls).toEqual({ certFile: 'c.pem', keyFile: 'k.pem', caFile: 'ca.pem' });
    expect(() => loadConfig({ JINKU_TLS_CERT: 'c.pem' })).toThrow(/set together/);
    expect(() => loadConfig({ JINKU_TLS_CA: 'ca.pem' })).toThrow(ConfigError);
  });

  it('turns a metrics endpoint off with an empty address and refuses one that is no host:port', () => {
    expect(loadConfig({ JINKU_METRICS_ADDRESS: '', JINKU_WORKER_METRICS_ADDRESS: '[::1]:9100' })).toMatchObject({ metricsAddress: '', workerMetricsAddress: '[::1]:9100' });
    expect(() => loadConfig({ JINKU_METRICS_ADDRESS: '9464' })).toThrow(/JINKU_METRICS_ADDRESS must be host:port/);
  });

  it('refuses a number setting that is no number, or negative, naming it', () => {
    expect(loadConfig({ JINKU_DB_STATEMENT_TIMEOUT_MS: '0' }).databaseStatementTimeoutMs).toBe(0);
    expect(() => loadConfig({ JINKU_DB_LOCK_TIMEOUT_MS: '10s' })).toThrow(/JINKU_DB_LOCK_TIMEOUT_MS must be a number/);
    expect(() => loadConfig({ JINKU_DB_POOL: '-1' })).toThrow(ConfigError);
  });
});
