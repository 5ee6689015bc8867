import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines; services log to stdout, commands whose stdout is their answer (the CLI) to stderr. */
export function createLogger(name: string, stream: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino({ name, level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(stream === 'stdout' ? 1 : 2));
}
