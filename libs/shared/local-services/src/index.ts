export { startApp, type AppOptions, type AppProcess, type Ending } from './app-process';
export { healthOf, waitForHealth } from './health';
export { ownRedis, type OwnRedis } from './own-redis';
export { startServer, type ServerOptions, type ServerProcess } from './server-process';
export { startWorkerProcess, type WorkerOptions } from './worker-process';
