import { isUtf8 } from 'node:buffer';

/** What is wrong with a JSON body before it is parsed, named for the client. */
export interface JsonBodyProblem {
  message: string;
  /** The field, as a path (`hardware.imei`, `apps[3].appId`), when the problem is at one. */
  target?: string;
}

/**
 * Names of Object.prototype's members (`__proto__`, `constructor`, `valueOf`, `hasOwnProperty`, …)
 * and `prototype`: as keys they reach an object's prototype machinery when a body is merged or
 * transformed, and class-transformer lets them past the whitelist (found by test/hostile-input:
 * `{"user": {"valueOf": 1}}` was accepted). Never a field of ours.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any body of ours (a check-in is 4 levels deep); bounds the parser's recursion. */
export const MAX_JSON_DEPTH = 32;

interface Frame {
  /** Keys seen so far in an object; null for an array. */
  keys: Set<string> | null;
  /** The key or index this container has in its parent, for error paths. */
  name: string;
  /** Objects: whether the next string is a key. Arrays: the index of the current element. */
  expectKey: boolean;
  index: number;
}

/**
 * Scans a JSON text once, without building it, for what JSON.parse would let through silently or
 * choke on: a key repeated in one object (parsers disagree which one wins, so a filter and the
 * store could see different values), a prototype key, or nesting deep enough to exhaust the stack.
 * Malformed JSON is left to JSON.parse; this never throws and runs in linear time.
 */
export function findJsonBodyProblem(text: string): JsonBodyProblem | null {
  const stack: Frame[] = [];
  const pathOf = (frames: Frame[], last?: string) =>
    [...frames.slice(1).map((frame) => frame.name), ...(last === undefined ? [] : [last])]
      .join('.')
      .replace(/\.\[/g, '[');
  let pendingKey = '';
  // Where the next \u escape is, found once per escape (not once per string: linear time).
  let escapeAt = text.indexOf('\\u');
  const nextEscape = (from: number) => {
    if (escapeAt !== -1 && escapeAt < from) escapeAt = text.indexOf('\\u', from);
    return escapeAt;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return null;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? decodeKey(raw) : raw;
        if (key === null) return null;
        if (PROTOTYPE_KEYS.has(key)) {
          const path = pathOf(stack, key);
          return {
            message: `Invalid field '${path}': '${key}' is never accepted as a key.`,
            target: path,
          };
        }
        if (top.keys.has(key)) {
          const path = pathOf(stack, key);
          return {
            message: `Invalid field '${path}': appears more than once in one object.`,
            target: path,
          };
        }
        top.keys.add(key);
        pendingKey = key;
      } else if (nextEscape(i) !== -1 && nextEscape(i) < end) {
        // An escaped unpaired surrogate is valid JSON but not text (and crashed validators).
        const value = decodeKey(text.slice(i + 1, end));
        if (value !== null && UNPAIRED_SURROGATE.test(value)) {
          const path = pathOf(stack, top && !top.keys ? `[${top.index}]` : pendingKey);
          return {
            message: `Invalid field '${path}': contains an unpaired UTF-16 surrogate.`,
            target: path,
          };
        }
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_JSON_DEPTH) {
        const path = pathOf(stack);
        return {
          message: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels${path ? ` at '${path}'` : ''}.`,
          ...(path ? { target: path } : {}),
        };
      }
      const parent = stack[stack.length - 1];
      const name = !parent ? '' : parent.keys ? pendingKey : `[${parent.index}]`;
      stack.push({ keys: c === 0x7b ? new Set() : null, name, expectKey: c === 0x7b, index: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x3a /* : */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/** Whether the quote at `position` is escaped (preceded by an odd number of backslashes). */
function isEscaped(text: string, position: number): boolean {
  let backslashes = 0;
  for (let j = position - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) backslashes++;
  return backslashes % 2 === 1;
}

function decodeKey(raw: string): string | null {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}

export type ParsedJsonBody = { ok: true; value: unknown } | { ok: false; problem: JsonBodyProblem };

/**
 * A request body as JSON, or the problem with it: not UTF-8 (decoding would silently replace the
 * bytes), empty, one of the problems above, or not JSON (with the position, never the text).
 * A leading byte-order mark is ignored, as RFC 8259 allows.
 */
export function parseJsonBody(body: Buffer): ParsedJsonBody {
  if (!isUtf8(body))
    return { ok: false, problem: { message: 'The request body is not valid UTF-8.' } };
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    return {
      ok: false,
      problem: { message: 'The request body is empty but Content-Type is application/json.' },
    };
  }
  const problem = findJsonBodyProblem(text);
  if (problem) return { ok: false, problem };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return {
      ok: false,
      problem: {
        message: `The request body is not valid JSON${position ? ` (at character ${position})` : ''}.`,
      },
    };
  }
}
