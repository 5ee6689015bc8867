import { credentials, makeGenericClientConstructor, Metadata, status, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { failedPrecondition, unauthenticated, unavailable, type Actor } from '@jinku/kernel';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallObserver } from './call-wrapper';
import { reasonOf } from './errors';
import { startGrpcServer, type RunningServer } from './server';
import { unary, type UnaryOptions } from './unary';

interface Message {
  readonly value: string;
}
interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}
interface Answer {
  readonly error: ServiceError | null;
  readonly response: Message | undefined;
  readonly trailers: Metadata;
}

const INFO = 30;
const DEBUG = 20;
const json = { serialize: (message: Message) => Buffer.from(JSON.stringify(message)), deserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as Message };
const method = (name: string) => ({
  path: `/jinku.test.Probe/${name}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: json.serialize,
  requestDeserialize: json.deserialize,
  responseSerialize: json.serialize,
  responseDeserialize: json.deserialize,
});
const definition: ServiceDefinition = { read: method('Read'), write: method('Write'), refuse: method('Refuse'), fail: method('Fail'), lose: method('Lose') };
type ProbeMethod = 'read' | 'write' | 'refuse' | 'fail' | 'lose';

const actor: Actor = { kind: 'person', userId: '7', login: 'sz.operator', treasuryId: 'SZ', posts: [], scopes: [], reach: ['SZ'], jurisdictionId: 'SZ' };
class LostDatabase extends Error {}

const lines: LogLine[] = [];
const observed: Parameters<CallObserver>[0][] = [];
const options: UnaryOptions = {
  log: pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) }),
  authenticate: async (authorization) => {
    if (authorization !== 'Bearer good') throw unauthenticated('INVALID_CREDENTIALS', 'unknown credential');
    return actor;
  },
  classifyError: (error) => (error instanceof LostDatabase ? unavailable('DATABASE_UNAVAILABLE', 'retry') : undefined),
  observeCall: (call) => observed.push(call),
};

let server: RunningServer;
let client: Record<ProbeMethod, (request: Message, metadata: Metadata, callback: (error: ServiceError | null, response?: Message) => void) => NodeJS.EventEmitter> & {
  close(): void;
};

beforeAll(async () => {
  const implementation = {
    read: unary('Read', options, async (request: Message) => request),
    write: unary('Write', options, async (request: Message) => ({ value: `made-${request.value}` }), { mutation: (response) => ({ madeId: response.value }) }),
    refuse: unary('Refuse', options, async () => {
      throw failedPrecondition('NOT_NOW', 'not now');
    }),
    fail: unary('Fail', options, async () => {
      throw new Error('secret internals');
    }),
    lose: unary('Lose', options, async () => {
      throw new LostDatabase('connection lost');
    }),
  };
  server = await startGrpcServer({
    address: '127.0.0.1:0',
    services: [{ name: 'jinku.test.Probe', definition, implementation }],
    protoRoot: '',
    protoFiles: [],
    reflection: false,
    log: pino({ level: 'silent' }),
  });
  const Client = makeGenericClientConstructor(definition, 'Probe');
  client = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure()) as unknown as typeof client;
});

afterAll(async () => {
  client?.close();
  await server?.shutdown();
});

beforeEach(() => {
  lines.length = 0;
  observed.length = 0;
});

/** Calls `name` with the given metadata; resolves with the answer and the trailers it came with. */
function invoke(name: ProbeMethod, fields: Record<string, string> = {}): Promise<Answer> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries({ authorization: 'Bearer good', ...fields })) metadata.set(key, value);
  return new Promise((resolve) => {
    let answer: Pick<Answer, 'error' | 'response'> | undefined;
    let trailers: Metadata | undefined;
    const settle = () => answer && trailers && resolve({ ...answer, trailers });
    client[name]({ value: 'x' }, metadata, (error, response) => ((answer = { error, response }), settle())).on('status', (received: { metadata: Metadata }) => {
      trailers = received.metadata;
      settle();
    });
  });
}

const requestIdOf = (answer: Answer) => answer.trailers.get('x-request-id')[0];
const linesOf = (requestId: unknown) => lines.filter((line) => line['requestId'] === requestId);

describe('the request id', () => {
  it("takes the caller's x-request-id, returns it in the trailers and prints it in every log line of the call", async () => {
    const answered = await invoke('read', { 'x-request-id': 'client-42.a_b' });
    expect(answered.response).toEqual({ value: 'x' });
    expect(requestIdOf(answered)).toBe('client-42.a_b');
    expect(linesOf('client-42.a_b')).toEqual([expect.objectContaining({ level: DEBUG, msg: 'ok', method: 'Read', user: 'sz.operator' })]);
    expect(lines).toHaveLength(1);
  });

  it('returns it with a refusal too, and a refused caller who is nobody yet still gets one', async () => {
    const refused = await invoke('refuse', { 'x-request-id': 'refused-1' });
    expect(refused.error).toMatchObject({ code: status.FAILED_PRECONDITION });
    expect(reasonOf(refused.error!)).toBe('NOT_NOW');
    expect(requestIdOf(refused)).toBe('refused-1');
    expect(linesOf('refused-1')).toEqual([expect.objectContaining({ level: INFO, reason: 'NOT_NOW', user: 'sz.operator' })]);

    const stranger = await invoke('read', { authorization: 'Bearer forged', 'x-request-id': 'stranger-1' });
    expect(stranger.error).toMatchObject({ code: status.UNAUTHENTICATED });
    expect(requestIdOf(stranger)).toBe('stranger-1');
    expect(linesOf('stranger-1')).toEqual([expect.objectContaining({ reason: 'INVALID_CREDENTIALS' })]);
    expect(linesOf('stranger-1')[0]).not.toHaveProperty('user');
  });

  it.each([
    ['none', undefined],
    ['one over 64 characters', 'a'.repeat(65)],
    ['one with a space', 'a b'],
    ['one with a JSON quote', 'a"b'],
  ])('makes its own (a UUID) when the caller sends %s', async (_name, given) => {
    const answered = await invoke('read', given === undefined ? {} : { 'x-request-id': given });
    const id = requestIdOf(answered);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(linesOf(id)).toHaveLength(1);
  });

  it('is named in an INTERNAL answer, which names nothing else, and in the error logged for it', async () => {
    const failed = await invoke('fail', { 'x-request-id': 'broken-7' });
    expect(failed.error).toMatchObject({ code: status.INTERNAL, details: 'internal error; request id broken-7; see the server log' });
    expect(requestIdOf(failed)).toBe('broken-7');
    const [logged] = linesOf('broken-7');
    expect(logged).toMatchObject({ level: 50, msg: 'internal error', method: 'Fail', user: 'sz.operator', err: expect.objectContaining({ message: 'secret internals' }) });
  });
});

describe('log lines and observed calls', () => {
  it('logs a mutation at info with the ids it names, a read at debug', async () => {
    const made = await invoke('write', { 'x-request-id': 'write-1' });
    expect(made.response).toEqual({ value: 'made-x' });
    expect(linesOf('write-1')).toEqual([expect.objectContaining({ level: INFO, msg: 'ok', method: 'Write', user: 'sz.operator', madeId: 'made-x' })]);
  });

  it('turns a classified error into its refusal, logged at warn', async () => {
    const lost = await invoke('lose', { 'x-request-id': 'lost-1' });
    expect(lost.error).toMatchObject({ code: status.UNAVAILABLE });
    expect(linesOf('lost-1')).toEqual([expect.objectContaining({ level: 40, reason: 'DATABASE_UNAVAILABLE' })]);
  });

  it('tells the observer each call: its method, status code and duration', async () => {
    await invoke('read');
    await invoke('refuse');
    await invoke('fail');
    await invoke('read', { authorization: 'Bearer forged' });
    expect(observed.map(({ method, code }) => [method, status[code]])).toEqual([
      ['Read', 'OK'],
      ['Refuse', 'FAILED_PRECONDITION'],
      ['Fail', 'INTERNAL'],
      ['Read', 'UNAUTHENTICATED'],
    ]);
    for (const { seconds } of observed) expect(seconds).toBeGreaterThan(0);
  });
});
