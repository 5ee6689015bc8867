import { openDatabase } from '@jinku/db';
import { createLogger, loadConfig, onShutdown } from '@jinku/runtime';
import { handlersFor } from './handlers';
import { upsertSchedules } from './schedules';
import { startWorker } from './worker';

const log = createLogger('jinku-worker');
const config = loadConfig();
const database = openDatabase(config.databaseUrl, { max: 4 });

startWorker({ redisUrl: config.redisUrl, log, handlers: handlersFor(database) }).then(
  async (worker) => {
    await upsertSchedules(worker.queue);
    log.info('schedules upserted');
    onShutdown(log, [
      ['worker', () => worker.close()],
      ['database', () => database.close()],
    ]);
  },
  (error: unknown) => {
    log.fatal({ err: error }, 'could not start the worker');
    process.exit(1);
  },
);
