import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';

/**
 * Hostile requests for property tests: valid bodies broken in one way that must make the server
 * refuse them — at the JSON level (wrong types, nulls, missing and unknown fields, prototype keys,
 * bad text, huge or negative numbers, impossible dates, wrong check digits, deep nesting, too many
 * items, repeated keys) or at the HTTP level (content types, encodings, gzip bombs, truncated and
 * non-UTF-8 bodies).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Carried by every hostile value: an answer must never echo it. */
export const MARKER = 'HOSTILEzq';

/** A valid body and what about it is required, dated or an identifier (paths with `*` for any index). */
export interface BodySpec {
  name: string;
  method: 'POST' | 'PATCH';
  path: string;
  token: string;
  body: { [key: string]: Json };
  required?: string[];
  /** Date-times that 1900 or 3000 make invalid. */
  dates?: string[];
  /** Expiry date-times: a past or malformed one is invalid (a far future one is not). */
  expiries?: string[];
  /** IMEI/ICCID-like identifiers whose check digit can be broken. */
  checkDigits?: string[];
  /** Arrays that may not grow past a configured limit, and that limit. */
  limitedArrays?: { path: string; limit: number }[];
}

export interface HostileRequest {
  description: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const pattern = (path: Path) => path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
const label = (path: Path) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') || 'body';

function everyPath(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [
    [...prefix, key],
    ...everyPath(child, [...prefix, key]),
  ]);
}

function containers(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Array.isArray(value) ? [] : [prefix];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return [...own, ...entries.flatMap(([key, child]) => containers(child, [...prefix, key]))];
}

function get(value: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string], value);
}

/** A copy with the value at `path` replaced (or deleted when `replacement` is undefined). */
function withValue(body: Json, path: Path, replacement: Json | undefined): Json {
  const copy = structuredClone(body);
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else parent[key] = replacement;
  return copy;
}

/** JSON text with one key of the object at `duplicateIn` written twice. */
function serialize(value: Json, duplicateIn?: Path, path: Path = []): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v, i) => serialize(v, duplicateIn, [...path, i])).join(',')}]`;
  const entries = Object.entries(value).map(
    ([k, v]) => `${JSON.stringify(k)}:${serialize(v, duplicateIn, [...path, k])}`,
  );
  if (duplicateIn && pattern(duplicateIn) === pattern(path) && entries.length > 0) {
    const [first] = Object.keys(value);
    entries.push(`${JSON.stringify(first)}:${JSON.stringify(`${MARKER}-second`)}`);
  }
  return `{${entries.join(',')}}`;
}

const controlCharacter = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\n',
  '\r',
  '\u001b',
  '\u001f',
  '\u007f',
);
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
/** Valid but treacherous characters, mixed into otherwise refused strings. */
const unicodeEdge = fc.constantFrom('\u202e', '\u200f', '\u200b', '\ufeff', '\u{1f600}', 'é', '');

/** Strings no text field of ours accepts. */
export const badString: fc.Arbitrary<{ kind: string; value: string }> = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 8 }), controlCharacter, unicodeEdge)
    .map(([s, c, u]) => ({ kind: 'control character', value: `${MARKER}${u}${s}${c}x` })),
  fc
    .tuple(fc.string({ maxLength: 8 }), loneSurrogate, unicodeEdge)
    .map(([s, c, u]) => ({ kind: 'unpaired surrogate', value: `${MARKER}${u}${s}${c}` })),
  fc
    .integer({ min: 10_001, max: 60_000 })
    .map((n) => ({ kind: 'huge string', value: MARKER + 'x'.repeat(n) })),
  fc.constantFrom(' ', '   ', '\t', '\u00a0', '\u3000').map((value) => ({
    kind: 'blank string',
    value,
  })),
);

const otherType = (value: Json): fc.Arbitrary<Json> => {
  const nested = fc.constant({ nested: [1, { a: `${MARKER}-nested` }] } as Json);
  const options: fc.Arbitrary<Json>[] = [];
  if (typeof value !== 'string') options.push(fc.constant(`${MARKER}-text`), fc.constant('12'));
  // Finite only: JSON writes ±Infinity as null, which optional fields rightly accept as "absent".
  if (typeof value !== 'number')
    options.push(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (typeof value !== 'boolean') options.push(fc.boolean());
  if (!Array.isArray(value)) options.push(fc.constant([`${MARKER}`]), fc.constant([]));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) options.push(nested);
  return fc.oneof(...options);
};

const deepNesting = fc
  .integer({ min: 33, max: 5000 })
  .map((depth) => ({ depth, text: '['.repeat(depth) + ']'.repeat(depth) }));

const unknownKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'isPrototypeOf',
  ),
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => `zz${s}`),
);

/** One way to break a valid JSON body; the result is JSON text (possibly not valid JSON). */
export function bodyMutation(spec: BodySpec): fc.Arbitrary<{ description: string; text: string }> {
  const body = spec.body;
  const paths = everyPath(body);
  const matches = (list: string[] | undefined) =>
    paths.filter((path) => (list ?? []).includes(pattern(path)));
  const leafPaths = (type: string) => paths.filter((path) => typeof get(body, path) === type);
  const text = (value: Json) => serialize(value);
  const mutations: fc.Arbitrary<{ description: string; text: string }>[] = [
    fc.constantFrom(...paths).chain((path) =>
      otherType(get(body, path)).map((value) => ({
        description: `wrong type at ${label(path)}`,
        text: text(withValue(body, path, value)),
      })),
    ),
    fc.constantFrom(...containers(body)).chain((path) =>
      fc
        .tuple(unknownKey, fc.oneof(fc.string(), fc.integer(), fc.constant(null)))
        .map(([key, value]) => {
          const container = get(body, path) as Record<string, Json>;
          // A raw key, so that __proto__ really is a key of the JSON text.
          const inner = serialize(container).slice(1, -1);
          const extra = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
          const replaced = `{${inner ? `${inner},` : ''}${extra}}`;
          const marker = `"${MARKER}-placeholder"`;
          const whole =
            path.length === 0 ? marker : text(withValue(body, path, `${MARKER}-placeholder`));
          return {
            description: `unknown key ${JSON.stringify(key)} in ${label(path)}`,
            text: whole.replace(marker, replaced),
          };
        }),
    ),
    fc.constantFrom(...containers(body)).map((path) => ({
      description: `repeated key in ${label(path)}`,
      text: serialize(body, path),
    })),
    fc.constantFrom(...paths).chain((path) =>
      deepNesting.map(({ depth, text: nested }) => ({
        description: `nesting ${depth} deep at ${label(path)}`,
        text: text(withValue(body, path, `${MARKER}-placeholder`)).replace(
          `"${MARKER}-placeholder"`,
          nested,
        ),
      })),
    ),
  ];
  const strings = leafPaths('string');
  if (strings.length)
    mutations.push(
      fc.tuple(fc.constantFrom(...strings), badString).map(([path, bad]) => ({
        description: `${bad.kind} at ${label(path)}`,
        text: text(withValue(body, path, bad.value)),
      })),
    );
  const numbers = leafPaths('number');
  if (numbers.length)
    mutations.push(
      fc
        .tuple(
          fc.constantFrom(...numbers),
          fc.oneof(
            fc.integer({ min: -1e15, max: -1 }).map(String),
            fc.constantFrom(
              '1.5',
              '-0.5',
              '18446744073709551616',
              '1e400',
              '-1e400',
              '9007199254740993',
              '1e21',
            ),
          ),
        )
        .map(([path, raw]) => ({
          description: `number ${raw} at ${label(path)}`,
          text: text(withValue(body, path, `${MARKER}-number`)).replace(`"${MARKER}-number"`, raw),
        })),
    );
  const required = matches(spec.required);
  if (required.length)
    mutations.push(
      fc.tuple(fc.constantFrom(...required), fc.boolean()).map(([path, asNull]) => ({
        description: `${asNull ? 'null' : 'missing'} required ${label(path)}`,
        text: text(withValue(body, path, asNull ? null : undefined)),
      })),
    );
  const malformedOrPast = [
    '1900-01-01T00:00:00Z',
    '1900-06-30T12:00:00+01:00',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    'yesterday',
    '0000-00-00T00:00:00Z',
    '-271821-04-20T00:00:00Z',
  ];
  const dateMutation = (datePaths: Path[], values: string[]) =>
    fc.tuple(fc.constantFrom(...datePaths), fc.constantFrom(...values)).map(([path, date]) => ({
      description: `date ${date} at ${label(path)}`,
      text: text(withValue(body, path, date)),
    }));
  const dates = matches(spec.dates);
  if (dates.length)
    mutations.push(
      dateMutation(dates, [...malformedOrPast, '3000-01-01T00:00:00Z', '2999-12-31T23:59:59Z']),
    );
  const expiries = matches(spec.expiries);
  if (expiries.length) mutations.push(dateMutation(expiries, malformedOrPast));
  const identifiers = matches(spec.checkDigits);
  if (identifiers.length)
    mutations.push(
      fc.tuple(fc.constantFrom(...identifiers), fc.integer({ min: 1, max: 9 })).map(([path, d]) => {
        const value = get(body, path) as string;
        const last = (Number(value.slice(-1)) + d) % 10;
        return {
          description: `wrong check digit at ${label(path)}`,
          text: text(withValue(body, path, value.slice(0, -1) + last)),
        };
      }),
    );
  for (const { path: arrayPath, limit } of spec.limitedArrays ?? []) {
    const path = arrayPath.split('.');
    const items = get(body, path) as Json[];
    mutations.push(
      fc.integer({ min: limit + 1, max: limit * 3 }).map((count) => ({
        description: `${count} items in ${arrayPath}`,
        text: text(
          withValue(
            body,
            path,
            Array.from({ length: count }, (_, i) => ({
              ...(items[i % items.length] as Record<string, Json>),
              ...(typeof (items[0] as Record<string, Json>).appId === 'string'
                ? { appId: `com.example.many${i}` }
                : {}),
            })),
          ),
        ),
      })),
    );
  }
  return fc.oneof(...mutations);
}

/** A valid body sent in a broken way: the HTTP level (a wrong credential included). */
export function transportMutation(
  spec: BodySpec,
  bodyLimitBytes: number,
): fc.Arbitrary<HostileRequest> {
  const text = serialize(spec.body);
  const base = (description: string, headers: Record<string, string>, body?: Buffer) => ({
    description: `${spec.name}: ${description}`,
    method: spec.method,
    path: spec.path,
    headers: { authorization: `Bearer ${spec.token}`, ...headers },
    body,
  });
  const json = { 'content-type': 'application/json' };
  return fc.oneof(
    fc
      .constantFrom(
        'text/plain',
        'text/csv',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/jsonx',
        'application/json; charset=utf-16',
        'application/json; charset=iso-8859-1',
        'text/json',
        '',
        '*/*',
        'application/octet-stream',
      )
      .map((type) =>
        base(`content type '${type}'`, type ? { 'content-type': type } : {}, Buffer.from(text)),
      ),
    fc
      .constantFrom('gzip', 'deflate', 'br', 'GZIP', 'gzip, identity', 'compress', 'x-custom')
      .map((encoding) => {
        const bytes = encoding.toLowerCase().startsWith('gzip')
          ? gzipSync(text)
          : encoding === 'deflate'
            ? deflateSync(text)
            : Buffer.from(text);
        return base(
          `Content-Encoding ${encoding}`,
          { ...json, 'content-encoding': encoding },
          bytes,
        );
      }),
    fc
      // 1–16 MB of spaces: 1–16 KB compressed, far beyond the body limit once inflated.
      .integer({ min: 1, max: 16 })
      .map((megabytes) =>
        base(
          `gzip bomb of ${megabytes} MB`,
          { ...json, 'content-encoding': 'gzip' },
          gzipSync(Buffer.alloc(megabytes * 1024 * 1024, 0x20), { level: 9 }),
        ),
      ),
    fc
      .integer({ min: 0, max: text.length - 1 })
      .map((cut) =>
        base(`truncated at ${cut} of ${text.length}`, json, Buffer.from(text.slice(0, cut))),
      ),
    fc
      .tuple(
        fc.integer({ min: 1, max: text.length - 1 }),
        fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0x80]),
      )
      .map(([at, bytes]) =>
        base(
          'bytes that are not UTF-8',
          json,
          Buffer.concat([
            Buffer.from(text.slice(0, at)),
            Buffer.from(bytes),
            Buffer.from(text.slice(at)),
          ]),
        ),
      ),
    fc
      .constantFrom('[]', '[{}]', '"text"', '42', 'null', 'true', '{"a":1}{"b":2}', `${text} x`)
      .map((other) => base(`body ${other.slice(0, 20)}`, json, Buffer.from(other))),
    fc
      .oneof(
        fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${spec.token}x`),
        fc.constantFrom(`bearer  ${spec.token.slice(0, -1)}`, `Bearer ${'A'.repeat(8000)}`),
        fc.string({ maxLength: 60 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`),
      )
      .map((authorization) => ({
        ...base(`Authorization '${authorization.slice(0, 30)}'`, json, Buffer.from(text)),
        headers: { ...json, ...(authorization ? { authorization } : {}) },
      })),
    fc
      .integer({ min: 1, max: 3 })
      .map((times) =>
        base(
          `body over the limit (${times}×)`,
          json,
          Buffer.from(`{"${MARKER}":"${'x'.repeat(bodyLimitBytes * times)}"}`),
        ),
      ),
  );
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Sends bytes as they are (Content-Length from the body), within `timeoutMs` or fails. */
export function sendRaw(
  baseUrl: string,
  hostile: HostileRequest,
  timeoutMs = 15_000,
): Promise<RawAnswer> {
  const url = new URL(hostile.path, baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: hostile.method,
        agent,
        headers: {
          ...hostile.headers,
          ...(hostile.body ? { 'content-length': String(hostile.body.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Date.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms (a hang)`)));
    // The server may answer (413, 415) and close before the whole body is sent: that is fine.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (hostile.body) req.write(hostile.body);
    req.end();
  });
}

export function closeHostileAgent(): void {
  agent.destroy();
}

/** The problem with an answer to a refused request, or null when it is what it must be. */
export function refusalProblem(answer: RawAnswer, allowed: readonly number[]): string | null {
  if (!allowed.includes(answer.status))
    return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  let body: {
    error?: {
      code?: unknown;
      message?: unknown;
      target?: unknown;
      innerError?: Record<string, unknown>;
    };
  };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `not JSON: ${answer.text.slice(0, 200)}`;
  }
  const error = body.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string')
    return `not Graph's error shape: ${answer.text.slice(0, 200)}`;
  if (error.message.length < 10) return `says too little: ${error.message}`;
  if (typeof error.innerError?.['request-id'] !== 'string') return 'no request-id';
  if (answer.status === 400 && typeof error.target !== 'string')
    return `400 without a target: ${error.message}`;
  if (answer.text.includes(MARKER))
    return `echoes the submitted value: ${answer.text.slice(0, 200)}`;
  return null;
}
