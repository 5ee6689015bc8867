import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { loadPackageDefinition, makeGenericClientConstructor, type ChannelCredentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { service as healthService } from 'grpc-health-check';

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  remove(): Promise<void>;
}

/**
 * A throw-away self-signed certificate for localhost and 127.0.0.1 (EC P-256, one day), made with the
 * openssl command: node's crypto cannot make X.509 certificates. It is its own CA, so it also serves as a
 * client certificate for a server that trusts it.
 */
export async function selfSignedCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'jinku-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost'];
  await promisify(execFile)('openssl', [...args, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile]).catch((error: unknown) => {
    throw new Error(`openssl could not make a test certificate (is it installed?): ${String(error)}`);
  });
  return { certFile, keyFile, cert: await readFile(certFile), key: await readFile(keyFile), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The gRPC health status (SERVING, NOT_SERVING) of `service` ('' for the server); rejects with the ServiceError. */
export function healthStatus(address: string, credentials: ChannelCredentials, service = ''): Promise<string> {
  const Health = makeGenericClientConstructor(healthService, 'Health');
  const client = new Health(address, credentials) as unknown as Client & { check(request: { service: string }, callback: (error: ServiceError | null, response: { status: string }) => void): void };
  return new Promise<string>((resolve, reject) => client.check({ service }, (error, response) => (error ? reject(error) : resolve(response.status)))).finally(() =>
    client.close(),
  );
}

interface ReflectionStream {
  write(request: { list_services: string }): void;
  end(): void;
  on(event: 'data', listener: (response: { list_services_response?: { service: { name: string }[] } }) => void): void;
  on(event: 'error', listener: (error: ServiceError) => void): void;
}

/** The services a server lists through gRPC reflection (v1), as grpcurl asks; rejects when it offers none (UNIMPLEMENTED). */
export function servicesByReflection(address: string, credentials: ChannelCredentials): Promise<string[]> {
  const protoFile = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1/reflection.proto');
  const loaded = loadPackageDefinition(loadSync(protoFile, { keepCase: true })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (address: string, credentials: ChannelCredentials) => Client & { ServerReflectionInfo(): ReflectionStream } } } };
  };
  const client = new loaded.grpc.reflection.v1.ServerReflection(address, credentials);
  return new Promise<string[]>((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (response) => resolve((response.list_services_response?.service ?? []).map((s) => s.name)));
    stream.on('error', reject);
    stream.write({ list_services: '' });
    stream.end();
  }).finally(() => client.close());
}
