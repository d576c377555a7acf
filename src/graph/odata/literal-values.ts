import { Operand } from './filter-syntax';
import { ODataQueryError, abbreviate } from './odata-query-error';
import { PropertyDefinition, edmTypeName } from './resource-definition';

type LiteralOperand = Extract<Operand, { kind: 'literal' }>;

/**
 * A non-null literal read as the type of the property it is compared with. Datetimes become
 * epoch milliseconds; `subMillisecond` says the literal had finer precision than storage holds.
 */
export type ApiValue =
  | { value: string | number | boolean; subMillisecond?: undefined }
  | { value: number; subMillisecond: boolean };

/** Reads `operand` (never the null literal) as a value of `property`, or names why it cannot. */
export function readLiteral(
  property: PropertyDefinition<never>,
  propertyName: string,
  operand: LiteralOperand,
): ApiValue {
  const { literal } = operand;
  const mismatch = (): ODataQueryError =>
    new ODataQueryError(
      `The literal ${abbreviate(operand.text)} is not a valid ${edmTypeName(property)} value for property '${propertyName}'`,
      '$filter',
    );
  switch (property.type) {
    case 'string':
      if (literal.type !== 'string') throw mismatch();
      return { value: literal.value };
    case 'int': {
      if (literal.type !== 'number' || !/^-?\d+$/.test(literal.text)) throw mismatch();
      const value = Number(literal.text);
      if (!Number.isSafeInteger(value)) throw mismatch();
      return { value };
    }
    case 'number': {
      if (literal.type !== 'number') throw mismatch();
      const value = Number(literal.text);
      if (!Number.isFinite(value)) throw mismatch();
      return { value };
    }
    case 'boolean':
      if (literal.type !== 'boolean') throw mismatch();
      return { value: literal.value };
    case 'datetime': {
      const instant = literal.type === 'datetime' ? parseDateTime(literal.text) : undefined;
      if (!instant) throw mismatch();
      return { value: instant.ms, subMillisecond: instant.subMillisecond };
    }
    case 'guid': {
      const guid =
        literal.type === 'string' ? literal.value : literal.type === 'guid' ? literal.text : '';
      if (!GUID.test(guid)) throw mismatch();
      return { value: guid.toLowerCase() };
    }
    case 'enum': {
      if (literal.type !== 'string' && literal.type !== 'enum') throw mismatch();
      if (
        literal.type === 'enum' &&
        property.enumTypeName !== undefined &&
        literal.typeName.toLowerCase() !== property.enumTypeName.toLowerCase()
      ) {
        throw new ODataQueryError(
          `The literal ${abbreviate(operand.text)} is of type '${abbreviate(literal.typeName)}' but property '${propertyName}' is ${property.enumTypeName}`,
          '$filter',
        );
      }
      const wanted = literal.value.toLowerCase();
      const member = Object.keys(property.values).find((name) => name.toLowerCase() === wanted);
      if (member === undefined) {
        throw new ODataQueryError(
          `'${abbreviate(literal.value)}' is not a valid value for property '${propertyName}'; expected one of: ${Object.keys(property.values).join(', ')}`,
          '$filter',
        );
      }
      return { value: property.values[member] };
    }
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/**
 * Edm.DateTimeOffset (zone required) or Edm.Date (taken as midnight UTC), as epoch ms.
 * Returns undefined for anything else, including impossible dates like 2024-02-30.
 */
export function parseDateTime(text: string): { ms: number; subMillisecond: boolean } | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const [zoneHours, zoneMinutes] = zone.slice(1).split(':').map(Number);
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, '0')));
  return {
    ms: date.getTime() - offsetMinutes * 60_000,
    subMillisecond: /[1-9]/.test(fraction.slice(3)),
  };
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
