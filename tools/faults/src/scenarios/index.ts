import type { Scenario, ScenarioName } from '../scenario';
import { postgresKill } from './postgres-kill';
import { redisRestart } from './redis-restart';
import { serverKill } from './server-kill';
import { sigterm } from './sigterm';

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  'server-kill': serverKill,
  'postgres-kill': postgresKill,
  sigterm,
  'redis-restart': redisRestart,
};
