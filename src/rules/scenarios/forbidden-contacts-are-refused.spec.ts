import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'contacts',
  'Contacts',
  'contactList',
  'contacts_list',
  'contactEntries',
  'address_book',
  'addressBook',
  'phoneBook',
  'personalContacts',
  'deviceContacts',
  'userContacts',
  'phoneContacts',
];

describe('a check-in carrying contacts is refused', () => {
  it.each(spellings)('%s is contacts', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('contacts');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'contacts' });
    });
  });
});
