import { phoneNumberForm, phoneNumberToStore } from '..';

describe('a personal device has only the last four digits of its phone number stored', () => {
  it.each(['personal', 'unknown'] as const)(
    'asks a %s device for the last four digits',
    (ownership) => {
      expect(phoneNumberForm(ownership)).toBe('last4');
    },
  );

  it.each([
    ['personal', '+46701234567', '4567'],
    ['unknown', '+46701234567', '4567'],
    ['personal', '+14155550123', '0123'],
    ['unknown', '+4915112345678', '5678'],
  ] as const)('%s %s keeps %s', (ownership, e164, last4) => {
    expect(phoneNumberToStore(ownership, e164)).toEqual({ full: null, last4 });
  });

  it.each(['personal', 'unknown'] as const)(
    'leaves no more of the number than its last four digits anywhere in what a %s device stores',
    (ownership) => {
      const stored = Object.values(phoneNumberToStore(ownership, '+46701234567')).join('|');
      expect(stored).not.toContain('+46701234567');
      expect(stored).not.toContain('46701234567');
      expect(stored).not.toContain('701234567');
      expect(stored).not.toContain('34567');
      expect(stored.replace(/\D/g, '')).toBe('4567');
    },
  );
});
