import { createLogger, loadConfig, onShutdown } from '@jinku/runtime';
import { handlers } from './handlers';
import { startWorker } from './worker';

const log = createLogger('jinku-worker');
const config = loadConfig();

startWorker({ redisUrl: config.redisUrl, log, handlers }).then(
  (worker) => onShutdown(log, [['worker', () => worker.close()]]),
  (error: unknown) => {
    log.fatal({ err: error }, 'could not start the worker');
    process.exit(1);
  },
);
