import { openDatabase } from '@jinku/db';
import { createLogger, loadConfigOrExit, onShutdown, serveMetrics } from '@jinku/runtime';
import { handlersFor } from './handlers';
import { workerMetrics } from './metrics';
import { keepSchedules } from './schedule-keeper';
import { startWorker } from './worker';

const log = createLogger('jinku-worker');
const config = loadConfigOrExit(log);
// A quarter's interest for a large treasury runs long: the worker has its own statement limit, none by default.
const database = openDatabase(config.databaseUrl, {
  max: 4,
  connectTimeout: config.databaseConnectTimeout,
  statementTimeoutMs: config.workerStatementTimeoutMs,
  lockTimeoutMs: config.databaseLockTimeoutMs,
});

// The handlers go in before anything starts, so a SIGTERM at any moment is a clean stop (the steps run
// only once this module has finished, when everything they name exists).
onShutdown(log, [
  ['schedules', async () => schedules.stop()],
  ['worker', () => worker.close()],
  ['database', () => database.close()],
  ['metrics', async () => (await metrics)?.close()],
]);

// Stoppable at once, even before Redis answers: the worker and the schedules wait for it on their own.
const worker = startWorker({ redisUrl: config.redisUrl, log, handlers: handlersFor(database) });
const schedules = keepSchedules(worker, log);
const metrics = serveMetrics(workerMetrics(worker), config.workerMetricsAddress, log);
