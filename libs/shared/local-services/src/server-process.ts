import { startApp, type AppOptions, type AppProcess } from './app-process';
import { freePort } from './free-port';

export const SERVER_BUNDLE = 'dist/apps/server/main.cjs';

export interface ServerOptions {
  readonly root: string;
  readonly databaseUrl: string;
  readonly poolSize: number;
  /** Where it listens: a free loopback port unless given (a restarted server takes its predecessor's). */
  readonly address?: string;
  /** Folder for a V8 CPU profile of the server (written when it exits). */
  readonly cpuProfileDir?: string;
  readonly output?: AppOptions['output'];
}

export interface ServerProcess extends AppProcess {
  readonly address: string;
}

/** The built gRPC server as a child process, logging warnings and worse. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const address = options.address ?? `127.0.0.1:${await freePort()}`;
  const app = startApp({
    root: options.root,
    bundle: SERVER_BUNDLE,
    env: {
      DATABASE_URL: options.databaseUrl,
      JINKU_GRPC_ADDRESS: address,
      JINKU_DB_POOL: String(options.poolSize),
      // No metrics endpoint: its fixed default port would clash with a server already running here (npm start).
      JINKU_METRICS_ADDRESS: '',
      LOG_LEVEL: 'warn',
    },
    nodeArgs: options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [],
    output: options.output,
  });
  return { ...app, address };
}
