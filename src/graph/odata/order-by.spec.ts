import { devices } from '../../../test/support/odata-devices';
import { ODataQueryError } from './odata-query-error';
import { orderByTerms, parseOrderBy } from './order-by';

const keys = (text: string | undefined) =>
  parseOrderBy(text, devices).map((key) => `${key.property} ${key.direction}`);

function errorOf(text: string): string {
  try {
    parseOrderBy(text, devices);
  } catch (error) {
    if (error instanceof ODataQueryError) return error.message;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('$orderby', () => {
  it('sorts by the key alone when absent', () => {
    expect(keys(undefined)).toEqual(['id asc']);
  });

  it('reads several keys with optional directions and appends the key as tiebreaker', () => {
    expect(keys('deviceName desc, lastSyncDateTime,totalStorageSpaceInBytes ASC')).toEqual([
      'deviceName desc',
      'lastSyncDateTime asc',
      'totalStorageSpaceInBytes asc',
      'id asc',
    ]);
  });

  it('does not append the key twice when the client sorts by it', () => {
    expect(keys('id desc')).toEqual(['id desc']);
    expect(keys('id, deviceName')).toEqual(['id asc', 'deviceName asc']);
  });

  it.each([
    ['foo', "Property 'foo' is not supported in $orderby on managedDevices"],
    ['notes desc', "Property 'notes' is not supported in $orderby on managedDevices"],
    ['constructor', "Property 'constructor' is not supported in $orderby on managedDevices"],
    [
      'deviceName; DROP TABLE d',
      "'deviceName; DROP TABLE d' in $orderby is not a property followed by asc or desc",
    ],
    [
      'deviceName descending',
      "'deviceName descending' in $orderby is not a property followed by asc or desc",
    ],
    ['deviceName,', '$orderby has an empty sort key'],
    ['deviceName, deviceName desc', "Property 'deviceName' appears more than once in $orderby"],
    ['  ', '$orderby is empty'],
    ['x'.repeat(1001), '$orderby is longer than 1000 characters'],
  ])('refuses %j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  describe('ORDER BY terms', () => {
    it('sorts nullable columns with an explicit NULL-first term, strings case-insensitively', () => {
      expect(orderByTerms(parseOrderBy('deviceName desc,enrolledDateTime', devices))).toEqual([
        { expression: 'CASE WHEN d.device_name IS NULL THEN 0 ELSE 1 END', direction: 'DESC' },
        { expression: 'LOWER(d.device_name)', direction: 'DESC' },
        { expression: 'd.enrolled_ms', direction: 'ASC' },
        { expression: 'd.id', direction: 'ASC' },
      ]);
    });
  });
});
