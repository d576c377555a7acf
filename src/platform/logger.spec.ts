import { Writable } from 'node:stream';
import { createLogger, describeError } from './logger';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger('info', destination as never), lines };
}

describe('what a log line may say', () => {
  it('of a request: its id, method and route pattern — not its URL, query string or headers', () => {
    const { logger, lines } = capturingLogger();
    const request = {
      id: 'req-1',
      method: 'GET',
      url: '/mdm/apple/enroll?token=secret-token',
      headers: { authorization: 'Bearer secret-bearer', 'mdm-signature': 'secret-signature' },
      routeOptions: { url: '/mdm/apple/enroll' },
      body: { serialNumber: 'F12345678901' },
    };
    logger.info({ req: request }, 'incoming');
    logger.info({ req: { ...request, routeOptions: {} } }, 'no route');
    expect(lines.map((line) => line.req)).toEqual([
      { reqId: 'req-1', method: 'GET', route: '/mdm/apple/enroll' },
      { reqId: 'req-1', method: 'GET', route: 'unmatched' },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/secret|F12345678901/);
  });

  it('of an answer: its status and the request it answers — not its headers or body', () => {
    const { logger, lines } = capturingLogger();
    const reply = {
      statusCode: 201,
      request: { id: 'req-2', url: '/x?token=secret-token' },
      getHeaders: () => ({ 'set-cookie': 'secret-cookie' }),
      payload: { deviceCredential: 'secret-credential' },
    };
    logger.info({ res: reply }, 'answered');
    logger.info({ res: { statusCode: 503 } }, 'closing');
    expect(lines.map((line) => line.res)).toEqual([
      { reqId: 'req-2', statusCode: 201 },
      { statusCode: 503 },
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('of an error: class, code, constraint and stack frames — not a message quoting what was sent, nor other properties', () => {
    const { logger, lines } = capturingLogger();
    const error = Object.assign(
      new Error('invalid input syntax for type uuid: "user7@contoso.example"\nsecond line'),
      {
        name: 'QueryFailedError',
        code: '22P02',
        constraint: 'device_pkey',
        parameters: ['user7@contoso.example'],
        detail: 'Key (serial_number)=(F12345678901) already exists.',
      },
    );
    logger.error({ err: error }, 'request failed');
    const logged = lines[0].err as Record<string, string>;
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      code: '22P02',
      constraint: 'device_pkey',
    });
    expect(Object.keys(logged).sort()).toEqual(['code', 'constraint', 'stack', 'type']);
    expect(logged.stack.split('\n').every((frame) => frame.startsWith('    at '))).toBe(true);
    expect(logged.stack).toContain('logger.spec');
    expect(JSON.stringify(lines)).not.toMatch(/contoso|F12345678901|second line/);
  });

  it('of anything else thrown (not an Error): nothing', () => {
    const { logger, lines } = capturingLogger();
    logger.error({ err: { token: 'secret-token' } }, 'request failed');
    expect(lines[0]).not.toHaveProperty('err');
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('of an error named in a message: class, code and constraint — never its message', () => {
    const violation = Object.assign(
      new Error('Key (serial_number)=(F12345678901) already exists'),
      {
        name: 'QueryFailedError',
        code: '23505',
        constraint: 'ux_device_serial',
      },
    );
    expect(describeError(violation)).toBe('QueryFailedError (23505, ux_device_serial)');
    expect(describeError(new SyntaxError('Unexpected token F12345678901'))).toBe('SyntaxError');
    expect(describeError('F12345678901')).toBe('string');
  });
});
