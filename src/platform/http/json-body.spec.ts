import { findJsonBodyProblem, MAX_JSON_DEPTH, parseJsonBody } from './json-body';

describe('JSON request bodies', () => {
  const parse = (text: string | Buffer) =>
    parseJsonBody(typeof text === 'string' ? Buffer.from(text) : text);

  it('parses ordinary JSON, a byte-order mark included', () => {
    expect(parse('{"a":[1,{"b":"x\\"y"}],"c":null}')).toEqual({
      ok: true,
      value: { a: [1, { b: 'x"y' }], c: null },
    });
    expect(parse('\ufeff{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('names a key repeated in one object, by its path', () => {
    expect(findJsonBodyProblem('{"hardware":{"imei":"1","imei":"2"}}')).toEqual({
      message: "Invalid field 'hardware.imei': appears more than once in one object.",
      target: 'hardware.imei',
    });
    expect(findJsonBodyProblem('{"apps":[{"a":1},{"a":1,"b":2,"a":3}]}')?.target).toBe('apps[1].a');
    // Written differently, the same key.
    expect(findJsonBodyProblem('{"platform":"ios","pl\\u0061tform":"android"}')?.target).toBe(
      'platform',
    );
  });

  it('allows the same key in different objects, and key-like strings as values', () => {
    expect(findJsonBodyProblem('{"a":{"x":1},"b":{"x":1},"c":["x","x"],"d":"a"}')).toBeNull();
    expect(findJsonBodyProblem('{"a":"{\\"a\\":1,\\"a\\":2}"}')).toBeNull();
  });

  it('refuses an escaped unpaired surrogate in a value, naming where', () => {
    expect(findJsonBodyProblem('{"user":{"upn":"a\\ud800b"}}')?.target).toBe('user.upn');
    expect(findJsonBodyProblem('{"apps":["x","\\udc00"]}')?.target).toBe('apps[1]');
    expect(findJsonBodyProblem('{"name":"\\ud83d\\ude00"}')).toBeNull();
  });

  it('refuses prototype keys at any depth', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'valueOf', 'hasOwnProperty']) {
      expect(findJsonBodyProblem(`{"user":{"${key}":{}}}`)?.target).toBe(`user.${key}`);
    }
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(findJsonBodyProblem(deep)?.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(findJsonBodyProblem(ok)).toBeNull();
  });

  it('refuses bytes that are not UTF-8, an empty body and malformed JSON, never quoting it', () => {
    expect(parse(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      problem: { message: 'The request body is not valid UTF-8.' },
    });
    expect(parse('  ')).toMatchObject({ ok: false });
    const truncated = parse('{"secret":"hunter2');
    expect(truncated).toMatchObject({ ok: false });
    expect(JSON.stringify(truncated)).not.toContain('hunter2');
  });
});
