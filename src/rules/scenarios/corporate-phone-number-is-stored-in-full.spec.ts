import { phoneNumberForm, phoneNumberToStore } from '..';

describe('a corporate device has its full phone number stored', () => {
  it('asks for the full number', () => expect(phoneNumberForm('corporate')).toBe('full'));

  it.each(['+46701234567', '+14155550123', '+4915112345678'])('stores %s in full', (e164) => {
    expect(phoneNumberToStore('corporate', e164)).toEqual({ full: e164, last4: e164.slice(-4) });
  });
});
