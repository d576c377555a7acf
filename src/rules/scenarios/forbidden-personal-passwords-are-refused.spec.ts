import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'password',
  'passwords',
  'personalPasswords',
  'savedPasswords',
  'account_passwords',
  'wifiPassword',
  'saved_credentials',
  'storedCredentials',
  'keychain',
  'keychainItems',
  'login-keychain',
];

describe('a check-in carrying passwords of personal accounts is refused', () => {
  it.each(spellings)('%s is personalPasswords', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('personalPasswords');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'personalPasswords' });
    });
  });
});
