import { mayRequestLocation, mayStoreLocation } from '..';

describe("a corporate device's location is kept only as the answer to an admin's locate", () => {
  it('a corporate device may be asked to locate', () => {
    expect(mayRequestLocation('corporate')).toBe(true);
  });

  it('stores the location that answers a locateDevice command', () => {
    expect(mayStoreLocation({ ownership: 'corporate', answersLocateCommand: true })).toBe(true);
  });

  it('does not store a location the device volunteers in any other part of a check-in', () => {
    expect(mayStoreLocation({ ownership: 'corporate', answersLocateCommand: false })).toBe(false);
  });
});
