import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

interface HealthClient {
  check(request: { service: string }, options: { deadline: number }, callback: (error: ServiceError | null, response: { status: string }) => void): void;
  close(): void;
}

/** The server's overall gRPC health status (SERVING, NOT_SERVING); rejects when it does not answer within a second. */
export async function healthOf(address: string): Promise<string> {
  const Client = makeGenericClientConstructor(healthService, 'Health');
  const client = new Client(address, credentials.createInsecure()) as unknown as HealthClient;
  try {
    return await new Promise((resolve, reject) =>
      client.check({ service: '' }, { deadline: Date.now() + 1_000 }, (error, response) => (error ? reject(error) : resolve(response.status))),
    );
  } finally {
    client.close();
  }
}

/**
 * Polls health until it reports `status`; rejects after `timeoutMs`. A server that does not answer yet (still
 * starting, or restarting) is polled like one reporting another status.
 */
export async function waitForHealth(address: string, status: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const current = () => healthOf(address).catch((error: ServiceError) => `unreachable (${error.details})`);
  for (let last = ''; (last = await current()) !== status; ) {
    if (Date.now() > deadline) throw new Error(`health is ${last}, not ${status}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
