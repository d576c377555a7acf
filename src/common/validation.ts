import { ValidationError, ValidationPipe } from '@nestjs/common';
import { Allow, registerDecorator, ValidationOptions } from 'class-validator';
import { IdentifierCheck } from '../identifiers';
import { invalidRequest } from './graph-error';

/**
 * Request validation: strict whitelisting (an unknown field is an error, never silently ignored) and
 * one clear 400 naming the first offending field by its path, e.g. `hardware.imei`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const first = firstProblem(errors);
      return invalidRequest(first.path, `Invalid field '${first.path}': ${first.message}.`);
    },
  });
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

/** What is wrong with a text field's value (never quoting it), or null when it is fine. */
export function textProblem(value: unknown, maxLength: number): string | null {
  if (isText(value, maxLength)) return null;
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim().length === 0) return 'must not be empty';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  return 'must not contain control characters or unpaired surrogates';
}

/** What is wrong with a device identifier (the check's own words), or null when it is fine. */
export function identifierProblem(
  value: unknown,
  check: (raw: string) => IdentifierCheck,
): string | null {
  if (typeof value !== 'string' || value.length > 128) return 'must be a string';
  const result = check(value);
  return result.ok ? null : result.problem;
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
        defaultMessage: (args) => textProblem(args?.value, maxLength) ?? 'is invalid',
      },
    });
}

/**
 * A device's own report of when something happened: an ISO 8601 date-time no older than
 * `maxAgeDays` and at most a day ahead of the server's clock (device clocks drift; 1900 or 3000
 * is a broken clock or a forged report, and would be kept forever or expire at once). Returns what
 * is wrong with it, or null when it is fine.
 */
export function reportedDateTimeProblem(value: unknown, maxAgeDays: number): string | null {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value))
    return 'must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z';
  const dayMs = 24 * 3600 * 1000;
  const time = Date.parse(value);
  const now = Date.now();
  return Number.isFinite(time) && time >= now - maxAgeDays * dayMs && time <= now + dayMs
    ? null
    : `must be within the last ${maxAgeDays} days (and at most one day ahead)`;
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
