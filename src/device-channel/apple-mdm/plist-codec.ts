import { DOMParser } from '@xmldom/xmldom';

/**
 * Reads the XML property lists devices send, refusing in linear time what Apple's own devices
 * never send: binary plists on an XML endpoint, DTD entity declarations (entity expansion), nesting
 * deeper than any MDM message, oversized `<data>`, malformed XML or values that are not what their
 * element says (an `<integer>` that is not a number). xmldom parses the XML (a strict error handler
 * turns its warnings into refusals); the plist elements are read here so that each is type-checked.
 */

export type PlistProblemKind = 'notXml' | 'malformed';

export class PlistProblem extends Error {
  constructor(
    readonly kind: PlistProblemKind,
    message: string,
  ) {
    super(message);
  }
}

/** Apple's deepest message (a DeviceInformation answer) nests five levels. */
export const MAX_PLIST_DEPTH = 16;
/** An MDM message's largest `<data>` is an attestation certificate, a few kilobytes. */
export const MAX_DATA_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const CONTAINER_TAG = /<(\/?)(dict|array)\b[^>]*?(\/?)>/g;
// What XML 1.0's Char production leaves out (NUL among them, which PostgreSQL cannot store in
// text): refused whether written raw or as a character reference such as &#0;.
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parsePlist(body: Buffer): unknown {
  if (body.subarray(0, 6).toString('latin1') === 'bplist') {
    throw new PlistProblem('notXml', 'binary property lists are not accepted: send an XML plist');
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new PlistProblem('malformed', 'the body is not UTF-8');
  }
  if (NOT_XML_CHAR.test(text)) {
    throw new PlistProblem('malformed', 'the body holds a character XML does not allow');
  }
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>]*\[/i.test(text)) {
    throw new PlistProblem('malformed', 'DTD declarations are not accepted');
  }
  checkDepth(text);
  let failure: string | null = null;
  const fail = (): void => {
    failure ??= 'the body is not a well-formed XML plist';
  };
  const document = new DOMParser({
    locator: {},
    errorHandler: { warning: fail, error: fail, fatalError: fail },
  }).parseFromString(text, 'text/xml');
  if (failure !== null) throw new PlistProblem('malformed', failure);
  const root = document.documentElement;
  for (let node = document.firstChild; node; node = node.nextSibling) {
    const stray = node.nodeType === 3 ? (node.nodeValue ?? '').trim() !== '' : node.nodeType === 1;
    if (stray && node !== root) {
      throw new PlistProblem('malformed', 'the body holds content outside <plist>');
    }
  }
  if (!root || root.nodeName !== 'plist') {
    throw new PlistProblem('malformed', 'the root element must be <plist>');
  }
  const children = elementsOf(root);
  if (children.length !== 1) {
    throw new PlistProblem('malformed', '<plist> must hold exactly one value');
  }
  return readValue(children[0]);
}

/** One pass over the container tags, before the XML parser sees a deeply nested document. */
function checkDepth(text: string): void {
  let depth = 0;
  for (const match of text.matchAll(CONTAINER_TAG)) {
    if (match[3] === '/') continue;
    depth += match[1] === '/' ? -1 : 1;
    if (depth > MAX_PLIST_DEPTH) {
      throw new PlistProblem('malformed', `plists nest at most ${MAX_PLIST_DEPTH} levels`);
    }
  }
}

function elementsOf(node: Element): Element[] {
  const elements: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) elements.push(child as Element);
    else if (child.nodeType === 3 && (child.nodeValue ?? '').trim() !== '') {
      throw new PlistProblem('malformed', `<${node.nodeName}> holds text outside its elements`);
    }
  }
  return elements;
}

const INTEGER = /^[+-]?\d{1,20}$/;
const REAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function readValue(element: Element): unknown {
  const name = element.nodeName;
  switch (name) {
    case 'dict':
      return readDict(element);
    case 'array':
      return elementsOf(element).map(readValue);
    case 'string':
      return textOf(element);
    case 'true':
    case 'false':
      if (element.firstChild) throw new PlistProblem('malformed', `<${name}/> must be empty`);
      return name === 'true';
    case 'integer': {
      const text = textOf(element).trim();
      const value = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(value)) {
        throw new PlistProblem('malformed', 'an <integer> is not a whole number');
      }
      return value;
    }
    case 'real': {
      const text = textOf(element).trim();
      const value = Number(text);
      if (!REAL.test(text) || !Number.isFinite(value)) {
        throw new PlistProblem('malformed', 'a <real> is not a number');
      }
      return value;
    }
    case 'date': {
      const text = textOf(element).trim();
      const value = new Date(text);
      if (!ISO_DATE.test(text) || Number.isNaN(value.getTime())) {
        throw new PlistProblem('malformed', 'a <date> is not an ISO 8601 time');
      }
      return value;
    }
    case 'data': {
      const text = textOf(element).replace(/\s+/g, '');
      if (text.length > Math.ceil(MAX_DATA_BYTES / 3) * 4) {
        throw new PlistProblem(
          'malformed',
          `a <data> value is larger than ${MAX_DATA_BYTES} bytes`,
        );
      }
      if (!BASE64.test(text)) throw new PlistProblem('malformed', 'a <data> value is not base64');
      return Buffer.from(text, 'base64');
    }
    default:
      throw new PlistProblem('malformed', `<${name.slice(0, 32)}> is not a plist element`);
  }
}

function readDict(element: Element): Record<string, unknown> {
  const children = elementsOf(element);
  if (children.length % 2 !== 0) {
    throw new PlistProblem('malformed', 'a <dict> must alternate <key> and value');
  }
  const dict: Record<string, unknown> = {};
  for (let i = 0; i < children.length; i += 2) {
    if (children[i].nodeName !== 'key') {
      throw new PlistProblem('malformed', 'a <dict> must alternate <key> and value');
    }
    const key = textOf(children[i]);
    if (RESERVED_KEYS.has(key)) throw new PlistProblem('malformed', 'a <key> is reserved');
    if (Object.prototype.hasOwnProperty.call(dict, key)) {
      throw new PlistProblem('malformed', 'a <dict> repeats a <key>');
    }
    dict[key] = readValue(children[i + 1]);
  }
  return dict;
}

function textOf(element: Element): string {
  let text = '';
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3 || child.nodeType === 4) text += child.nodeValue ?? '';
    else if (child.nodeType === 1) {
      throw new PlistProblem('malformed', `<${element.nodeName}> must hold only text`);
    }
  }
  if (NOT_XML_CHAR.test(text)) {
    throw new PlistProblem(
      'malformed',
      `<${element.nodeName}> holds a character XML does not allow`,
    );
  }
  return text;
}
