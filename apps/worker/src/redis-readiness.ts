import type { Redis } from 'ioredis';
import type { Logger } from '@jinku/runtime';

/** Whether the worker's Redis connection is usable, followed through ioredis' own events. */
export interface RedisReadiness {
  isReady(): boolean;
  /** Calls `listener` each time the connection becomes ready (first connect, reconnects); returns the unsubscribe. */
  onReady(listener: () => void): () => void;
  /** Stops following: closing the connection on purpose is not a loss. */
  stop(): void;
}

/** Logs each change once (ready, lost, reconnected) instead of one error per reconnect attempt. */
export function watchRedis(connection: Redis, log: Logger): RedisReadiness {
  let ready = connection.status === 'ready';
  let connectedBefore = ready;
  const listeners = new Set<() => void>();
  const onReady = () => {
    ready = true;
    log.info(connectedBefore ? 'redis reconnected' : 'redis ready');
    connectedBefore = true;
    for (const listener of listeners) listener();
  };
  // ioredis emits `close` for every failed reconnect attempt too: only the first one is a change.
  const onClose = () => {
    if (!ready) return;
    ready = false;
    log.warn('redis connection lost; reconnecting');
  };
  connection.on('ready', onReady);
  connection.on('close', onClose);
  return {
    isReady: () => ready,
    onReady(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      connection.off('ready', onReady);
      connection.off('close', onClose);
      listeners.clear();
    },
  };
}
