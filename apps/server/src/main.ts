import { createLogger, loadConfig, onShutdown } from '@jinku/runtime';
import { MigrationsBehindError, serve } from './serve';

/** sysexits' EX_CONFIG: the supervisor in start.sh does not restart a server that exits with it. */
const EXIT_CONFIG = 78;

const log = createLogger('jinku-server');

serve(loadConfig(), log, (error) => {
  log.fatal({ err: error }, error instanceof MigrationsBehindError ? error.message : 'cannot serve this database');
  process.exit(EXIT_CONFIG);
}).then(
  (serving) => onShutdown(log, [['server', () => serving.stop()]]),
  (error: unknown) => {
    log.fatal({ err: error }, 'could not start the gRPC server');
    process.exit(1);
  },
);
