import { openDatabase } from '@jinku/db';
import { createLogger, loadConfig, onShutdown } from '@jinku/runtime';
import { handlersFor } from './handlers';
import { keepSchedules } from './schedule-keeper';
import { startWorker } from './worker';

const log = createLogger('jinku-worker');
const config = loadConfig();
const database = openDatabase(config.databaseUrl, { max: 4, connectTimeout: config.databaseConnectTimeout });

// Stoppable at once, even before Redis answers: the worker and the schedules wait for it on their own.
const worker = startWorker({ redisUrl: config.redisUrl, log, handlers: handlersFor(database) });
const schedules = keepSchedules(worker, log);
onShutdown(log, [
  ['schedules', async () => schedules.stop()],
  ['worker', () => worker.close()],
  ['database', () => database.close()],
]);
