import { findForbiddenDataCategory } from '..';

const DEPTH = 100_000;

/** `{ nested: { nested: … { [leafKey]: 1 } } }`, built without recursion. */
function nestedObjects(depth: number, leafKey: string): unknown {
  let value: unknown = { [leafKey]: 1 };
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

/** `[[[ … [{ [leafKey]: 1 }] … ]]]`. */
function nestedArrays(depth: number, leafKey: string): unknown {
  let value: unknown = { [leafKey]: 1 };
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('a deeply nested payload does not exhaust the stack', () => {
  it(`walks ${DEPTH} levels of objects without throwing and finds nothing forbidden`, () => {
    expect(() => findForbiddenDataCategory(nestedObjects(DEPTH, 'deviceName'))).not.toThrow();
    expect(findForbiddenDataCategory(nestedObjects(DEPTH, 'deviceName'))).toBeNull();
  });

  it(`finds a forbidden field ${DEPTH} objects deep and reports its full path`, () => {
    const finding = findForbiddenDataCategory(nestedObjects(DEPTH, 'callLog'));
    expect(finding?.category).toBe('callHistory');
    expect(finding?.path).toBe(`${'nested.'.repeat(DEPTH)}callLog`);
  });

  it(`walks ${DEPTH} levels of arrays and finds the field at the bottom`, () => {
    const finding = findForbiddenDataCategory(nestedArrays(DEPTH, 'photos'));
    expect(finding).toEqual({ path: `${'[0]'.repeat(DEPTH)}.photos`, category: 'photos' });
  });

  it('walks a payload parsed from deeply nested JSON text', () => {
    const json = `${'{"a":['.repeat(DEPTH)}{"contacts":[]}${']}'.repeat(DEPTH)}`;
    const finding = findForbiddenDataCategory(JSON.parse(json));
    expect(finding?.category).toBe('contacts');
    expect(finding?.path).toBe(`${'a[0].'.repeat(DEPTH)}contacts`);
  });
});
