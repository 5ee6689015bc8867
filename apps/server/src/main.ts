import { openDatabase } from '@jinku/db';
import { createLogger, loadConfig, onShutdown } from '@jinku/runtime';
import { startJinkuServer } from './compose';

const log = createLogger('jinku-server');
const config = loadConfig();
const database = openDatabase(config.databaseUrl, { max: config.databasePoolSize });

startJinkuServer(database, log, config.grpcAddress).then(
  (server) =>
    onShutdown(log, [
      ['grpc', () => server.shutdown()],
      ['database', () => database.close()],
    ]),
  (error: unknown) => {
    log.fatal({ err: error }, 'could not start the gRPC server');
    process.exit(1);
  },
);
