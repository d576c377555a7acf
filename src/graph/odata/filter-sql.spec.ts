import { devices } from '../../../test/support/odata-devices';
import { parseFilter } from './filter-parser';
import { compileFilter } from './filter-sql';
import { ODataQueryError } from './odata-query-error';
import { ResourceDefinition } from './resource-definition';

const compiled = (text: string, resource: ResourceDefinition<never> = devices) =>
  compileFilter(parseFilter(text), resource);

function errorOf(text: string): string {
  try {
    compiled(text);
  } catch (error) {
    if (error instanceof ODataQueryError) return error.message;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

const JAN_1_2024 = Date.UTC(2024, 0, 1);

describe('$filter to SQL', () => {
  describe('comparisons on a nullable string: case-insensitive, null-safe', () => {
    it.each([
      ['eq', '(d.device_name IS NOT NULL AND LOWER(d.device_name) = LOWER(:filter0))'],
      ['ne', '(d.device_name IS NULL OR LOWER(d.device_name) <> LOWER(:filter0))'],
      ['gt', '(d.device_name IS NOT NULL AND LOWER(d.device_name) > LOWER(:filter0))'],
      ['ge', '(d.device_name IS NOT NULL AND LOWER(d.device_name) >= LOWER(:filter0))'],
      ['lt', '(d.device_name IS NOT NULL AND LOWER(d.device_name) < LOWER(:filter0))'],
      ['le', '(d.device_name IS NOT NULL AND LOWER(d.device_name) <= LOWER(:filter0))'],
    ])('%s', (operator, sql) => {
      expect(compiled(`deviceName ${operator} 'Mac'`)).toEqual({
        sql,
        params: { filter0: 'Mac' },
      });
    });
  });

  it("passes quotes through as data: O''Brien is the parameter O'Brien", () => {
    expect(compiled("deviceName eq 'O''Brien'").params).toEqual({ filter0: "O'Brien" });
  });

  it('leaves the null guard out for a column that cannot be null', () => {
    expect(compiled('enrolledDateTime ne 2024-01-01T00:00:00Z')).toEqual({
      sql: 'd.enrolled_ms <> :filter0',
      params: { filter0: JAN_1_2024 },
    });
  });

  describe('null literals', () => {
    it.each([
      ['eq', 'd.device_name IS NULL'],
      ['ne', 'd.device_name IS NOT NULL'],
      // OData: null ge null and null le null hold; gt and lt against null never do.
      ['ge', 'd.device_name IS NULL'],
      ['le', 'd.device_name IS NULL'],
      ['gt', '1 = 0'],
      ['lt', '1 = 0'],
    ])('deviceName %s null', (operator, sql) => {
      expect(compiled(`deviceName ${operator} null`)).toEqual({ sql, params: {} });
    });

    it('reads null on the left too', () => {
      expect(compiled('null eq deviceName').sql).toBe('d.device_name IS NULL');
    });
  });

  it('mirrors a literal on the left: 5 lt x is x gt 5', () => {
    expect(compiled('5 lt totalStorageSpaceInBytes')).toEqual({
      sql: '(d.storage_bytes IS NOT NULL AND d.storage_bytes > :filter0)',
      params: { filter0: 5 },
    });
    expect(compiled('5 ge totalStorageSpaceInBytes').sql).toContain('d.storage_bytes <= :filter0');
  });

  describe('typed properties', () => {
    it('compares integers as numbers, negative ones included', () => {
      expect(compiled('totalStorageSpaceInBytes ge -1')).toEqual({
        sql: '(d.storage_bytes IS NOT NULL AND d.storage_bytes >= :filter0)',
        params: { filter0: -1 },
      });
    });

    it('accepts decimals and exponents for a Double', () => {
      expect(compiled('batteryLevelPercentage lt 1.5e1').params).toEqual({ filter0: 15 });
    });

    it('stores booleans as 1/0 and lets a boolean property stand alone', () => {
      expect(compiled('isEncrypted eq false')).toEqual({
        sql: '(d.is_encrypted IS NOT NULL AND d.is_encrypted = :filter0)',
        params: { filter0: 0 },
      });
      expect(compiled('isEncrypted')).toEqual({
        sql: '(d.is_encrypted IS NOT NULL AND d.is_encrypted = :filter0)',
        params: { filter0: 1 },
      });
    });

    it('uses the property toDb when it has one', () => {
      const pgBoolean: ResourceDefinition = {
        name: 'things',
        key: 'id',
        properties: {
          id: { column: 't.id', type: 'string', nullable: false },
          on: { column: 't.on', type: 'boolean', nullable: false, toDb: (value) => value },
        },
      };
      expect(compiled('on eq true', pgBoolean)).toEqual({
        sql: 't.on = :filter0',
        params: { filter0: true },
      });
    });

    it('maps enum members to stored words, whatever their case, plain or typed', () => {
      expect(compiled("managedDeviceOwnerType eq 'company'")).toEqual({
        sql: '(d.ownership IS NOT NULL AND d.ownership = :filter0)',
        params: { filter0: 'corporate' },
      });
      expect(compiled("managedDeviceOwnerType ne 'Personal'").params).toEqual({
        filter0: 'personal',
      });
      expect(
        compiled("managedDeviceOwnerType eq microsoft.graph.managedDeviceOwnerType'company'")
          .params,
      ).toEqual({ filter0: 'corporate' });
    });

    it('lower-cases guids, quoted or not, and compares them as stored', () => {
      const guid = '6F9619FF-8B86-D011-B42D-00CF4FC964FF';
      const expected = { sql: 'd.id = :filter0', params: { filter0: guid.toLowerCase() } };
      expect(compiled(`id eq ${guid}`)).toEqual(expected);
      expect(compiled(`id eq '${guid}'`)).toEqual(expected);
    });
  });

  describe('datetimes become epoch milliseconds', () => {
    it.each([
      ['2024-01-01T00:00:00Z', JAN_1_2024],
      ['2024-01-01T00:00Z', JAN_1_2024],
      ['2024-01-01t00:00:00z', JAN_1_2024],
      ['2024-01-01', JAN_1_2024],
      ['2024-01-01T00:00:00.250Z', JAN_1_2024 + 250],
      ['2024-01-01T00:00:00.2500000Z', JAN_1_2024 + 250],
      ['2024-01-01T02:30:00+02:30', JAN_1_2024],
      ['2023-12-31T22:00:00-02:00', JAN_1_2024],
      ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
      ['0099-01-01T00:00:00Z', new Date('0099-01-01T00:00:00Z').getTime()],
    ])('%s', (literal, ms) => {
      expect(compiled(`lastSyncDateTime ge ${literal}`).params).toEqual({ filter0: ms });
    });

    it('keeps comparisons exact for literals finer than a millisecond', () => {
      const literal = '2024-01-01T00:00:00.0005Z';
      expect(compiled(`lastSyncDateTime eq ${literal}`)).toEqual({ sql: '1 = 0', params: {} });
      expect(compiled(`lastSyncDateTime ne ${literal}`)).toEqual({ sql: '1 = 1', params: {} });
      for (const operator of ['gt', 'ge']) {
        expect(compiled(`lastSyncDateTime ${operator} ${literal}`)).toEqual({
          sql: '(d.last_sync_ms IS NOT NULL AND d.last_sync_ms > :filter0)',
          params: { filter0: JAN_1_2024 },
        });
      }
      for (const operator of ['lt', 'le']) {
        expect(compiled(`lastSyncDateTime ${operator} ${literal}`).sql).toContain(
          'd.last_sync_ms <= :filter0',
        );
      }
    });

    it.each([
      '2024-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-04-31',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:61Z',
      '2024-01-01T00:00:00',
      '2024-01-01T00:00:00+25:00',
      '2024-01-01T00:00:00.Z',
      '2024-01-01T00:00:00ZZ',
    ])('refuses %s naming the literal and the property', (literal) => {
      expect(errorOf(`lastSyncDateTime gt ${literal}`)).toBe(
        `The literal ${literal} is not a valid Edm.DateTimeOffset value for property 'lastSyncDateTime'`,
      );
    });

    it('refuses a quoted datetime, as Graph does', () => {
      expect(errorOf("lastSyncDateTime gt '2024-01-01T00:00:00Z'")).toMatch(
        /^The literal '2024-01-01T00:00:00Z' is not a valid Edm.DateTimeOffset value/,
      );
    });
  });

  describe('in', () => {
    it('lists strings with LOWER on every item', () => {
      expect(compiled("operatingSystem in ('iOS', 'Android')")).toEqual({
        sql: '(d.operating_system IS NOT NULL AND LOWER(d.operating_system) IN (LOWER(:filter0), LOWER(:filter1)))',
        params: { filter0: 'iOS', filter1: 'Android' },
      });
    });

    it('passes other types as one TypeORM list parameter', () => {
      expect(compiled("managedDeviceOwnerType in ('company', 'personal')")).toEqual({
        sql: '(d.ownership IS NOT NULL AND d.ownership IN (:...filter0))',
        params: { filter0: ['corporate', 'personal'] },
      });
    });

    it('turns a null item into IS NULL', () => {
      expect(compiled('totalStorageSpaceInBytes in (1, null)')).toEqual({
        sql: '((d.storage_bytes IS NOT NULL AND d.storage_bytes IN (:...filter0)) OR d.storage_bytes IS NULL)',
        params: { filter0: [1] },
      });
      expect(compiled('totalStorageSpaceInBytes in (null)').sql).toBe('d.storage_bytes IS NULL');
    });

    it('drops datetimes finer than storage, which equal nothing', () => {
      expect(compiled('lastSyncDateTime in (2024-01-01T00:00:00.0001Z)').sql).toBe('1 = 0');
    });

    it('checks every item against the property type', () => {
      expect(errorOf("totalStorageSpaceInBytes in (1, 'two')")).toBe(
        "The literal 'two' is not a valid Edm.Int64 value for property 'totalStorageSpaceInBytes'",
      );
      expect(errorOf('totalStorageSpaceInBytes in (1, deviceName)')).toBe(
        "The 'in' list of property 'totalStorageSpaceInBytes' may contain only literals, not property 'deviceName'",
      );
    });
  });

  describe('string functions', () => {
    it.each([
      ['startswith', 'ab', 'ab%'],
      ['endswith', 'ab', '%ab'],
      ['contains', 'ab', '%ab%'],
      ['contains', '100%_done!', '%100!%!_done!!%'],
      ['contains', '', '%%'],
    ])('%s(deviceName, %j) looks for LIKE %j', (name, text, pattern) => {
      expect(compiled(`${name}(deviceName,'${text}')`)).toEqual({
        sql: "(d.device_name IS NOT NULL AND LOWER(d.device_name) LIKE LOWER(:filter0) ESCAPE '!')",
        params: { filter0: pattern },
      });
    });

    it('can be compared with true or false', () => {
      const call = "startswith(deviceName,'a')";
      expect(compiled(`${call} eq true`).sql).toBe(compiled(call).sql);
      expect(compiled(`${call} ne false`).sql).toBe(compiled(call).sql);
      expect(compiled(`${call} eq false`).sql).toBe(`NOT (${compiled(call).sql})`);
      expect(compiled(`true ne ${call}`).sql).toBe(`NOT (${compiled(call).sql})`);
    });

    it.each([
      [
        "contains(totalStorageSpaceInBytes,'1')",
        "Function 'contains' is not supported on property 'totalStorageSpaceInBytes' (Edm.Int64)",
      ],
      [
        "contains('abc', deviceName)",
        "Function 'contains' takes a string property and a string literal, e.g. contains(deviceName,'abc')",
      ],
      ['contains(deviceName)', "Function 'contains' takes a string property and a string literal"],
      [
        "contains(deviceName,'a','b')",
        "Function 'contains' takes a string property and a string literal",
      ],
      [
        'contains(deviceName,null)',
        "The second argument of 'contains' must be a string literal, not the literal null",
      ],
      [
        'contains(deviceName,serialNumber)',
        "The second argument of 'contains' must be a string literal, not property 'serialNumber'",
      ],
      [
        "startswith(deviceName,'a') eq 1",
        "The result of 'startswith' can only be compared with true or false using eq or ne",
      ],
      [
        "startswith(deviceName,'a') gt true",
        "The result of 'startswith' can only be compared with true or false",
      ],
      ["contains(foo,'a')", "Property 'foo' is not supported in $filter on managedDevices"],
    ])('refuses %s', (text, message) => {
      expect(errorOf(text)).toContain(message);
    });
  });

  describe('logic', () => {
    it('composes and, or and not around null-safe conditions', () => {
      expect(
        compiled("not (deviceName eq 'a' or isEncrypted) and totalStorageSpaceInBytes gt 0"),
      ).toEqual({
        sql:
          '(NOT (((d.device_name IS NOT NULL AND LOWER(d.device_name) = LOWER(:filter0)) OR ' +
          '(d.is_encrypted IS NOT NULL AND d.is_encrypted = :filter1))) AND ' +
          '(d.storage_bytes IS NOT NULL AND d.storage_bytes > :filter2))',
        params: { filter0: 'a', filter1: 1, filter2: 0 },
      });
    });

    it('numbers parameters uniquely across the whole expression', () => {
      const { params } = compiled(
        "deviceName eq 'a' or deviceName eq 'b' or operatingSystem in ('c','d') or contains(imei,'e')",
      );
      expect(params).toEqual({
        filter0: 'a',
        filter1: 'b',
        filter2: 'c',
        filter3: 'd',
        filter4: '%e%',
      });
    });

    it('takes another parameter prefix so fragments can share a query', () => {
      expect(compileFilter(parseFilter("deviceName eq 'a'"), devices, 'f').params).toEqual({
        f0: 'a',
      });
    });
  });

  describe('refusals naming what is wrong', () => {
    it.each([
      ["foo eq 'a'", "Property 'foo' is not supported in $filter on managedDevices"],
      ["DeviceName eq 'a'", "Property 'DeviceName' is not supported in $filter on managedDevices"],
      ["notes eq 'a'", "Property 'notes' is not supported in $filter on managedDevices"],
      [
        "hardwareInformation/serialNumber eq 'a'",
        "Property 'hardwareInformation/serialNumber' is not supported in $filter on managedDevices",
      ],
      ['constructor eq 1', "Property 'constructor' is not supported in $filter on managedDevices"],
      ['__proto__ eq 1', "Property '__proto__' is not supported in $filter on managedDevices"],
      ['toString eq 1', "Property 'toString' is not supported in $filter on managedDevices"],
      [
        'isEncrypted gt false',
        "Operator 'gt' is not supported on property 'isEncrypted' (Edm.Boolean)",
      ],
      [
        "managedDeviceOwnerType lt 'company'",
        "Operator 'lt' is not supported on property 'managedDeviceOwnerType' (microsoft.graph.managedDeviceOwnerType)",
      ],
      [
        'id ge 6f9619ff-8b86-d011-b42d-00cf4fc964ff',
        "Operator 'ge' is not supported on property 'id' (Edm.Guid)",
      ],
      [
        "managedDeviceOwnerType eq 'corporate'",
        "'corporate' is not a valid value for property 'managedDeviceOwnerType'; expected one of: unknown, company, personal",
      ],
      [
        "managedDeviceOwnerType eq microsoft.graph.complianceState'company'",
        "The literal microsoft.graph.complianceState'company' is of type 'microsoft.graph.complianceState' but property 'managedDeviceOwnerType' is microsoft.graph.managedDeviceOwnerType",
      ],
      [
        'managedDeviceOwnerType eq 1',
        'The literal 1 is not a valid microsoft.graph.managedDeviceOwnerType value',
      ],
      [
        "totalStorageSpaceInBytes eq '5'",
        "The literal '5' is not a valid Edm.Int64 value for property 'totalStorageSpaceInBytes'",
      ],
      ['totalStorageSpaceInBytes eq 1.5', 'The literal 1.5 is not a valid Edm.Int64 value'],
      [
        'totalStorageSpaceInBytes eq 9007199254740993',
        'The literal 9007199254740993 is not a valid Edm.Int64 value',
      ],
      ['batteryLevelPercentage eq 1e999', 'The literal 1e999 is not a valid Edm.Double value'],
      [
        'deviceName eq 5',
        "The literal 5 is not a valid Edm.String value for property 'deviceName'",
      ],
      ['deviceName eq true', 'The literal true is not a valid Edm.String value'],
      [
        "isEncrypted eq 'true'",
        "The literal 'true' is not a valid Edm.Boolean value for property 'isEncrypted'",
      ],
      ['isEncrypted eq 1', 'The literal 1 is not a valid Edm.Boolean value'],
      [
        "id eq 'not-a-guid'",
        "The literal 'not-a-guid' is not a valid Edm.Guid value for property 'id'",
      ],
      [
        'deviceName eq serialNumber',
        "Property 'deviceName' can only be compared with a literal in $filter, not with property 'serialNumber'",
      ],
      [
        "deviceName eq startswith(serialNumber,'a')",
        "Property 'deviceName' can only be compared with a literal in $filter, not with a call to 'startswith'",
      ],
      ['1 eq 1', 'The comparison at character 3 of $filter does not involve a property'],
      [
        "'a' in ('a')",
        "The 'in' operator at character 5 of $filter needs a property on its left, not the literal 'a'",
      ],
      [
        'deviceName',
        "Property 'deviceName' is not a boolean and cannot stand alone as a $filter condition",
      ],
      ['true', 'The literal true cannot stand alone as a $filter condition'],
    ])('%s', (text, message) => {
      expect(errorOf(text)).toContain(message);
    });
  });
});
