import {
  ArgumentMetadata,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { Allow, registerDecorator, ValidationOptions } from 'class-validator';
import { IdentifierCheck } from '../identifiers';
import { invalidRequest } from './graph-error';

/**
 * A body that `accepts` answers true for is one the ValidationPipe would accept unchanged: it is
 * passed on as it is (a plain object), skipping class-transformer and class-validator. Anything
 * else goes through the pipe, which decides every refusal. See src/check-in/dto/check-in.fast-path.ts.
 */
export interface ValidationFastPath {
  metatype: abstract new (...args: never[]) => unknown;
  accepts: (body: unknown) => boolean;
}

class GraphValidationPipe extends ValidationPipe {
  constructor(
    options: ValidationPipeOptions,
    private readonly fastPaths: ReadonlyMap<unknown, ValidationFastPath['accepts']>,
  ) {
    super(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const accepts = metadata.type === 'body' ? this.fastPaths.get(metadata.metatype) : undefined;
    if (accepts?.(value)) return Promise.resolve(value);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * Request validation: strict whitelisting (an unknown field is an error, never silently ignored) and
 * one clear 400 naming the first offending field by its path, e.g. `hardware.imei`.
 */
export function createValidationPipe(
  fastPaths: readonly ValidationFastPath[] = [],
): ValidationPipe {
  return new GraphValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const first = firstProblem(errors);
        return invalidRequest(first.path, `Invalid field '${first.path}': ${first.message}.`);
      },
    },
    new Map(fastPaths.map((path) => [path.metatype, path.accepts])),
  );
}

function firstProblem(errors: ValidationError[], parent = ''): { path: string; message: string } {
  for (const error of errors) {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    if (error.constraints) {
      if (error.constraints.whitelistValidation) return { path, message: 'is not a known field' };
      const messages = Object.values(error.constraints);
      // class-validator's own messages start with the property name, which the path already gives.
      const message = messages[messages.length - 1].replace(new RegExp(`^${error.property} `), '');
      return { path, message };
    }
    if (error.children?.length) return firstProblem(error.children, path);
  }
  return { path: parent || 'body', message: 'is invalid' };
}

// C0 controls (other than tab) and unpaired UTF-16 surrogates: never meaningful in our text fields,
// and PostgreSQL rejects NUL outright.
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000A-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A non-empty string of at most `maxLength` characters without control characters. */
export function isText(value: unknown, maxLength: number): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= maxLength &&
    value.trim().length > 0 &&
    !UNSAFE_TEXT.test(value)
  );
}

/** A device identifier that passes `check` (at most 128 characters). */
export function isIdentifier(
  value: unknown,
  check: (raw: string) => IdentifierCheck,
): value is string {
  return typeof value === 'string' && value.length <= 128 && check(value).ok;
}

/** Decorator of isText. */
export function IsText(maxLength: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isText',
      target: object.constructor,
      propertyName,
      // Read back by the OpenAPI document (src/openapi) as maxLength.
      constraints: [maxLength],
      options,
      validator: {
        validate: (value: unknown) => isText(value, maxLength),
        defaultMessage: (args) => {
          const value = args?.value;
          if (typeof value !== 'string') return 'must be a string';
          if (value.trim().length === 0) return 'must not be empty';
          if (value.length > maxLength) return `must be at most ${maxLength} characters`;
          return 'must not contain control characters or unpaired surrogates';
        },
      },
    });
}

/** Decorator of isIdentifier: a device identifier checked by one of the pure checks in src/identifiers. */
export function IsIdentifier(check: (raw: string) => IdentifierCheck, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIdentifier',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => isIdentifier(value, check),
        defaultMessage: (args) => {
          const value = args?.value;
          if (typeof value !== 'string' || value.length > 128) return 'must be a string';
          const result = check(value);
          return result.ok ? 'is invalid' : result.problem;
        },
      },
    });
}

/**
 * A device's own report of when something happened: an ISO 8601 date-time no older than
 * `maxAgeDays` and at most a day ahead of the server's clock (device clocks drift; 1900 or 3000
 * is a broken clock or a forged report, and would be kept forever or expire at once).
 */
export function IsReportedDateTime(maxAgeDays: number, options?: ValidationOptions) {
  const dayMs = 24 * 3600 * 1000;
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isReportedDateTime',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return false;
          const time = Date.parse(value);
          const now = Date.now();
          return Number.isFinite(time) && time >= now - maxAgeDays * dayMs && time <= now + dayMs;
        },
        defaultMessage: (args) =>
          typeof args?.value === 'string' && ISO_DATE_TIME.test(args.value)
            ? `must be within the last ${maxAgeDays} days (and at most one day ahead)`
            : 'must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z',
      },
    });
}

/** ISO 8601 date-time with seconds and a zone, as Graph writes them. */
const ISO_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Documented Graph properties that are read-only (ids, dates, server-set states): accepted in a
 * body and ignored, as Graph ignores them, so that an object read and sent back is accepted. The
 * OpenAPI document says so (src/openapi).
 */
export function acceptReadOnly(
  dto: abstract new (...args: never[]) => unknown,
  names: Iterable<string>,
) {
  for (const name of names) {
    Allow({ context: { description: 'Read-only in Graph: accepted and ignored.' } })(
      dto.prototype as object,
      name,
    );
  }
}
