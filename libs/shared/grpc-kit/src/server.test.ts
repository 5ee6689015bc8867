import { fileURLToPath } from 'node:url';
import { credentials, status } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGrpcServer, type GrpcServerOptions, type RunningServer } from './server';
import { healthStatus, selfSignedCertificate, servicesByReflection, type TestCertificate } from './testing';

const base: GrpcServerOptions = {
  address: '127.0.0.1:0',
  services: [],
  protoRoot: fileURLToPath(new URL('../../../../proto', import.meta.url)),
  protoFiles: ['jinku/identity/v1/identity.proto'],
  log: pino({ level: 'silent' }),
};
const running: RunningServer[] = [];
/** The server's address by name: TLS checks the name against the certificate's. */
const start = async (options: Partial<GrpcServerOptions>) => {
  const server = await startGrpcServer({ ...base, ...options });
  running.push(server);
  return `localhost:${server.port}`;
};
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = await selfSignedCertificate();
});

afterAll(async () => {
  await Promise.all(running.map((server) => server.shutdown()));
  await certificate?.remove();
});

describe('TLS', () => {
  it('serves TLS clients that trust the certificate, and no plaintext client', async () => {
    const address = await start({ tls: { certFile: certificate.certFile, keyFile: certificate.keyFile } });
    expect(await healthStatus(address, credentials.createSsl(certificate.cert))).toBe('SERVING');
    await expect(healthStatus(address, credentials.createInsecure())).rejects.toMatchObject({ code: status.UNAVAILABLE });
  });

  it('with a client CA, serves only clients that show a certificate it signed', async () => {
    const address = await start({ tls: { certFile: certificate.certFile, keyFile: certificate.keyFile, caFile: certificate.certFile } });
    expect(await healthStatus(address, credentials.createSsl(certificate.cert, certificate.key, certificate.cert))).toBe('SERVING');
    await expect(healthStatus(address, credentials.createSsl(certificate.cert))).rejects.toMatchObject({ code: status.UNAVAILABLE });
  });
});

describe('reflection', () => {
  it('lists the services of the proto files by default', async () => {
    const address = await start({});
    expect(await servicesByReflection(address, credentials.createInsecure())).toEqual(
      expect.arrayContaining(['jinku.identity.v1.IdentityService', 'jinku.identity.v1.StaffService']),
    );
  });

  it('is not there when turned off: UNIMPLEMENTED', async () => {
    const address = await start({ reflection: false });
    await expect(servicesByReflection(address, credentials.createInsecure())).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  });
});
