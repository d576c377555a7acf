import { mayRequestLocation, mayStoreLocation } from '..';

describe('location is never taken from a personal device', () => {
  it.each(['personal', 'unknown'] as const)('a %s device is never asked to locate', (ownership) => {
    expect(mayRequestLocation(ownership)).toBe(false);
  });

  it.each([
    ['personal', true],
    ['personal', false],
    ['unknown', true],
    ['unknown', false],
  ] as const)(
    'a %s device may not have a location stored (answering a locate command: %s)',
    (ownership, answersLocateCommand) => {
      expect(mayStoreLocation({ ownership, answersLocateCommand })).toBe(false);
    },
  );
});
