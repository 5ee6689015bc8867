import { Server, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { serverCredentials, type TlsFiles } from './tls';

export interface GrpcService {
  /** Full name, e.g. `jinku.ledger.v1.LedgerService`, reported by health checks. */
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  readonly address: string;
  readonly services: readonly GrpcService[];
  /** .proto files (relative to `protoRoot`) offered through server reflection, for grpcurl and friends. */
  readonly protoRoot: string;
  readonly protoFiles: readonly string[];
  /** Server reflection on (the default) or off, for deployments that do not publish their API. */
  readonly reflection?: boolean;
  /** TLS, optionally requiring client certificates; plaintext without. */
  readonly tls?: TlsFiles;
  readonly log: Logger;
  readonly shutdownGraceMs?: number;
}

export interface RunningServer {
  readonly port: number;
  /** What gRPC health reports for the server and each service; it starts SERVING. */
  setServing(serving: boolean): void;
  /** Stops taking calls, lets in-flight ones finish, forces after the grace period. */
  shutdown(): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningServer> {
  const credentials = serverCredentials(options.tls);
  const server = new Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  for (const service of options.services) server.addService(service.definition, service.implementation);

  const names = ['', ...options.services.map((s) => s.name)];
  const health = new HealthImplementation(Object.fromEntries(names.map((name) => [name, 'SERVING'])));
  health.addToServer(server);
  let stopping = false;
  const setServing = (serving: boolean) => {
    for (const name of names) health.setStatus(name, serving && !stopping ? 'SERVING' : 'NOT_SERVING');
  };
  const reflection = options.reflection ?? true;
  if (reflection) {
    const definitions = loadSync([...options.protoFiles], { includeDirs: [options.protoRoot], keepCase: true, longs: String, enums: String, defaults: true });
    new ReflectionService(definitions).addToServer(server);
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.address, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  options.log.info(
    { address: options.address, port, services: options.services.map((s) => s.name), tls: Boolean(options.tls), clientCertificates: Boolean(options.tls?.caFile), reflection },
    'gRPC server listening',
  );

  return {
    port,
    setServing,
    async shutdown() {
      stopping = true;
      setServing(false);
      const grace = options.shutdownGraceMs ?? 10_000;
      const timer = setTimeout(() => {
        options.log.warn({ graceMs: grace }, 'calls still running after the grace period; forcing shutdown');
        server.forceShutdown();
      }, grace);
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      clearTimeout(timer);
      options.log.info('gRPC server stopped');
    },
  };
}
