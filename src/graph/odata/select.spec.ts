import { devices } from '../../../test/support/odata-devices';
import { ODataQueryError } from './odata-query-error';
import { parseSelect } from './select';

function errorOf(text: string): string {
  try {
    parseSelect(text, devices);
  } catch (error) {
    if (error instanceof ODataQueryError) return error.message;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('$select', () => {
  it('returns the named properties in request order, once each', () => {
    expect(parseSelect('deviceName, id,deviceName , notes', devices)).toEqual([
      'deviceName',
      'id',
      'notes',
    ]);
  });

  it('expands * to every property', () => {
    expect(parseSelect('*', devices)).toEqual(Object.keys(devices.properties));
  });

  it('leaves out properties that are not selectable', () => {
    const hidden = {
      ...devices,
      properties: {
        ...devices.properties,
        notes: { ...devices.properties.notes, selectable: false },
      },
    };
    expect(parseSelect('*', hidden)).not.toContain('notes');
    expect(() => parseSelect('notes', hidden)).toThrow(
      "Property 'notes' is not supported in $select on managedDevices",
    );
  });

  it.each([
    ['deviceName,foo', "Property 'foo' is not supported in $select on managedDevices"],
    [
      'hardwareInformation/imei',
      "Property 'hardwareInformation/imei' is not supported in $select on managedDevices",
    ],
    ['__proto__', "Property '__proto__' is not supported in $select on managedDevices"],
    ['deviceName,,id', '$select has an empty item'],
    [' ', '$select is empty'],
    ['x,'.repeat(1001), '$select is longer than 2000 characters'],
  ])('refuses %j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
