import { credentials, status, type ChannelCredentials, type Metadata } from '@grpc/grpc-js';
import type { TestDatabase } from '@jinku/db/testing';
import { healthStatus, selfSignedCertificate, servicesByReflection, type TestCertificate } from '@jinku/grpc-kit/testing';
import { identityV1, ledgerV1 } from '@jinku/proto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve, type Serving } from './serve';
import { receipt, seededDatabase, TEST_SERVE_CONFIG } from './testing/deployed';
import { call } from './testing/harness';

// The server as main.ts starts it (serve), with TLS, reflection off and a short lock limit, as the environment sets them.
let database: TestDatabase;
let tips: Metadata;
let certificate: TestCertificate;
let serving: Serving;
let address: string;
let tls: ChannelCredentials;

beforeAll(async () => {
  ({ database, tipsKey: tips } = await seededDatabase());
  certificate = await selfSignedCertificate();
  tls = credentials.createSsl(certificate.cert);
  serving = await serve(
    {
      ...TEST_SERVE_CONFIG,
      databaseUrl: database.url,
      tls: { certFile: certificate.certFile, keyFile: certificate.keyFile },
      grpcReflection: false,
      databaseLockTimeoutMs: 200,
    },
    pino({ level: 'silent' }),
    () => undefined,
  );
  // By name: TLS checks it against the certificate's.
  address = `localhost:${serving.server.port}`;
  await vi.waitFor(async () => expect(await healthStatus(address, tls)).toBe('SERVING'), { timeout: 10_000, interval: 50 });
});

afterAll(async () => {
  await serving?.stop();
  await certificate?.remove();
  await database?.drop();
});

describe('JINKU_TLS_CERT and JINKU_TLS_KEY', () => {
  it('serve WhoAmI over TLS, and nothing to a plaintext client', async () => {
    const overTls = new identityV1.IdentityServiceClient(address, tls);
    const plaintext = new identityV1.IdentityServiceClient(address, credentials.createInsecure());
    try {
      expect(await call(overTls.whoAmI.bind(overTls), {}, tips)).toMatchObject({ ok: true, value: { login: 'sz.tips' } });
      expect(await call(plaintext.whoAmI.bind(plaintext), {}, tips)).toMatchObject({ ok: false, code: status.UNAVAILABLE });
    } finally {
      overTls.close();
      plaintext.close();
    }
  });
});

describe('JINKU_GRPC_REFLECTION=off', () => {
  it('leaves reflection out: UNIMPLEMENTED', async () => {
    await expect(servicesByReflection(address, tls)).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  });
});

describe('JINKU_DB_LOCK_TIMEOUT_MS', () => {
  it('refuses a posting that waits too long for a balance row UNAVAILABLE LOCK_TIMEOUT; the retry with the same key posts', async () => {
    const ledger = new ledgerV1.LedgerServiceClient(address, tls);
    const holder = await database.sql.reserve();
    try {
      await holder`begin`;
      await holder`select b.balance from ledger.account_balances b join ledger.accounts a on a.id = b.account_id
                   where a.treasury_id = 'SZ' and a.number = '105100' for update`;
      expect(await call(ledger.postVoucher.bind(ledger), receipt('held-1'), tips)).toMatchObject({ ok: false, code: status.UNAVAILABLE, reason: 'LOCK_TIMEOUT' });
      await holder`rollback`;
      expect(await call(ledger.postVoucher.bind(ledger), receipt('held-1'), tips)).toMatchObject({ ok: true });
    } finally {
      holder.release();
      ledger.close();
    }
  });
});
