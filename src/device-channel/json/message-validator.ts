import Ajv, {
  ErrorObject,
  FuncKeywordDefinition,
  SchemaObject,
  SchemaValidateFunction,
  ValidateFunction,
} from 'ajv';
import addFormats from 'ajv-formats';
import type { SchemaObject as OpenApiSchema } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { invalidRequest } from '../../common/graph-error';
import { identifierProblem, reportedDateTimeProblem, textProblem } from '../../common/validation';
import {
  checkAndroidId,
  checkE164PhoneNumber,
  checkEid,
  checkIccid,
  checkImei,
  checkIpAddress,
  checkMacAddress,
  checkMeid,
  checkWindowsDeviceId,
  IdentifierCheck,
} from '../../identifiers';
import { IdentifierKind } from './messages';

/** Serials and UDIDs: bounded here, their per-platform formats are the collection rules' to check. */
const anyFormat = (raw: string): IdentifierCheck =>
  /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(raw.trim())
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be 1–64 letters, digits or hyphens' };

const IDENTIFIER_CHECKS: Record<IdentifierKind, (raw: string) => IdentifierCheck> = {
  // An empty serial is kept as absent (VMs and white-box PCs report one), not refused.
  serialNumber: (raw) => (raw === '' ? { ok: true, value: raw } : anyFormat(raw)),
  imei: checkImei,
  meid: checkMeid,
  iccid: checkIccid,
  eid: checkEid,
  udid: anyFormat,
  macAddress: checkMacAddress,
  e164PhoneNumber: checkE164PhoneNumber,
  ipAddress: checkIpAddress,
  androidId: checkAndroidId,
  windowsDeviceId: checkWindowsDeviceId,
};

/** A keyword whose refusal is worded by `problem` (null: the value is fine). */
function keywordOf<S>(
  keyword: string,
  problem: (schema: S, data: unknown) => string | null,
): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (schema: S, data: unknown) => {
    const found = problem(schema, data);
    validate.errors = found ? [{ keyword, message: found, params: {} }] : [];
    return found === null;
  };
  return { keyword, type: 'string', errors: true, validate };
}

/**
 * The compiler of the device channel's message schemas (messages.ts): strict (an unknown field is
 * refused, no type is coerced, nothing is defaulted or removed), stopping at the first problem.
 */
export function createMessageAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    allowUnionTypes: true,
    // The failing schema is needed to word a refusal (its `problem`); the value is never used.
    verbose: true,
  });
  addFormats(ajv, ['email', 'date-time']);
  ajv.addKeyword({ keyword: 'problem', schemaType: 'string' });
  ajv.addKeyword(keywordOf('deviceText', (max: number, data) => textProblem(data, max)));
  ajv.addKeyword(
    keywordOf('deviceIdentifier', (kind: IdentifierKind, data) =>
      identifierProblem(data, IDENTIFIER_CHECKS[kind]),
    ),
  );
  ajv.addKeyword(
    keywordOf('reportedDateTime', (maxAgeDays: number, data) =>
      reportedDateTimeProblem(data, maxAgeDays),
    ),
  );
  return ajv;
}

const ajv = createMessageAjv();
const compiled = new WeakMap<object, ValidateFunction>();

/** The one compiled validator of a message schema (Fastify's validator compiler, and the tests). */
export function compileMessage(schema: SchemaObject): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer number',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

/** JSON pointer `/apps/3/appId` → `apps[3].appId`, as the rest of the API names fields. */
function fieldPath(pointer: string, child?: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  let path = '';
  for (const segment of segments) {
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment;
  }
  return path || 'body';
}

/** The refusal of a message, in Graph's shape: the first problem, naming its field, never its value. */
export function refusalOf(errors: readonly ErrorObject[]) {
  const error = errors[0];
  const own = (error.parentSchema as { problem?: string } | undefined)?.problem;
  const params = error.params as Record<string, unknown>;
  let path = fieldPath(error.instancePath);
  let message: string;
  switch (error.keyword) {
    case 'required':
      path = fieldPath(error.instancePath, params.missingProperty as string);
      message = 'is required';
      break;
    case 'additionalProperties':
      path = fieldPath(error.instancePath, params.additionalProperty as string);
      message = 'is not a known field';
      break;
    case 'type': {
      const expected = String(params.type).split(',')[0];
      message = `must be ${TYPE_WORDS[expected] ?? expected}`;
      break;
    }
    case 'maxLength':
      message = `must be at most ${String(params.limit)} characters`;
      break;
    case 'maxItems':
      message = `must contain no more than ${String(params.limit)} elements`;
      break;
    case 'maximum':
      message = `must not be greater than ${String(params.limit)}`;
      break;
    case 'minimum':
      message = `must not be less than ${String(params.limit)}`;
      break;
    case 'format':
      message =
        own ??
        (params.format === 'date-time'
          ? 'must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z'
          : 'has an invalid format');
      break;
    case 'deviceText':
    case 'deviceIdentifier':
    case 'reportedDateTime':
      message = error.message ?? 'is invalid';
      break;
    default:
      message = own ?? 'is invalid';
  }
  return invalidRequest(path, `Invalid field '${path}': ${message}.`);
}

/** The document's form of a message schema: OpenAPI 3.0 (`nullable`, no keywords of our own). */
export function openApiSchemaOf(schema: object): OpenApiSchema {
  return openApiValue(schema) as OpenApiSchema;
}

function openApiValue(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openApiValue);
  if (typeof schema !== 'object' || schema === null) return schema;
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'deviceText' || key === 'deviceIdentifier' || key === 'reportedDateTime') continue;
    if (key === 'problem') document.description ??= value;
    else if (key === 'type' && Array.isArray(value)) {
      document.type = value.find((type) => type !== 'null');
      if (value.includes('null')) document.nullable = true;
    } else if (key === 'enum' && Array.isArray(value)) {
      document.enum = value.filter((option) => option !== null);
    } else if (key === 'properties') {
      document.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          openApiValue(property),
        ]),
      );
    } else document[key] = openApiValue(value);
  }
  return document;
}
