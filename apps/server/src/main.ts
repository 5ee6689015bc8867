import { createLogger, EXIT_CONFIG, loadConfigOrExit, onShutdown } from '@jinku/runtime';
import { sealKeyringOrExit } from './seal-key';
import { MigrationsBehindError, serve } from './serve';

const log = createLogger('jinku-server');

serve({ ...loadConfigOrExit(log), sealKeyring: sealKeyringOrExit(log) }, log, (error) => {
  log.fatal({ err: error }, error instanceof MigrationsBehindError ? error.message : 'cannot serve this database');
  process.exit(EXIT_CONFIG);
}).then(
  (serving) => onShutdown(log, [['server', () => serving.stop()]]),
  (error: unknown) => {
    log.fatal({ err: error }, 'could not start the gRPC server');
    process.exit(1);
  },
);
