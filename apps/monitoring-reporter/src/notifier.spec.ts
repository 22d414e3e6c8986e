import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { AlarmResult, AlarmTransition } from '@acad/monitoring';
import { notifyTransitions, webhookMessage } from './notifier';

const transitions: AlarmTransition[] = [
  { at: '2025-03-16T11:00:00.000Z', alarm: 'freshness:admissions', from: 'OK', to: 'ALARM', reason: '1 of 1 datapoint(s) and 0 missing' },
  { at: '2025-03-16T11:00:00.000Z', alarm: 'budget-forecast', from: 'ALARM', to: 'OK', reason: 'forecast monthly cost $1 <= $2' },
];
const alarms: AlarmResult[] = [
  {
    name: 'freshness:admissions',
    kind: 'threshold',
    description: 'No batch of admissions committed within its 168 h SLA',
    state: 'ALARM',
    condition: 'c',
    reason: 'r',
  },
];

function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('notifyTransitions', () => {
  let server: Server;
  let received: Array<{ method?: string; type?: string; body: string }>;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, type: request.headers['content-type'], body });
        response.writeHead(status).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
    status = 200;
  });
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T000/B000/secret`;

  it('posts one Slack-compatible { text } message to the webhook and logs every change', async () => {
    const { logger, lines } = memoryLogger();
    const outcome = await notifyTransitions(transitions, alarms, { logger, webhookUrl: url(), fetch });
    expect(outcome).toEqual({ logged: 2, webhook: { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, status: 200 } });
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('POST');
    expect(received[0].type).toBe('application/json');
    expect(JSON.parse(received[0].body)).toEqual({
      text: [
        'Academics Data Platform: 2 alarm state change(s)',
        ':rotating_light: *freshness:admissions* OK → ALARM — No batch of admissions committed within its 168 h SLA (1 of 1 datapoint(s) and 0 missing)',
        ':white_check_mark: *budget-forecast* ALARM → OK (forecast monthly cost $1 <= $2)',
      ].join('\n'),
    });
    expect(lines.map((l) => [l['level'], l['alarm'], l['to']])).toEqual([
      [40, 'freshness:admissions', 'ALARM'],
      [30, 'budget-forecast', 'OK'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('logs a refused or unreachable webhook without failing', async () => {
    status = 500;
    const { logger, lines } = memoryLogger();
    expect((await notifyTransitions(transitions, alarms, { logger, webhookUrl: url(), fetch })).webhook).toMatchObject({ status: 500 });
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'alarm webhook refused the notification' });
    const closed = 'http://127.0.0.1:9/hook';
    const outcome = await notifyTransitions(transitions, alarms, { logger, webhookUrl: closed, fetch });
    expect(outcome.webhook?.error).toBeDefined();
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'alarm webhook could not be reached' });
  });

  it('sends nothing when nothing changed or no webhook is configured', async () => {
    const { logger } = memoryLogger();
    expect(await notifyTransitions([], alarms, { logger, webhookUrl: url(), fetch })).toEqual({ logged: 0 });
    expect(await notifyTransitions(transitions, alarms, { logger, fetch })).toEqual({ logged: 2 });
    expect(received).toEqual([]);
    expect(webhookMessage([], []).text).toBe('Academics Data Platform: 0 alarm state change(s)');
  });
});
