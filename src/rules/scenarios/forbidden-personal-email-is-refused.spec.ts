import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'personalEmail',
  'personal_emails',
  'privateEmail',
  'emails',
  'mails',
  'emailMessages',
  'email_bodies',
  'mailContents',
  'mailbox',
  'personalMailbox',
  'inbox',
  'userEmails',
];

describe('a check-in carrying personal e-mail is refused', () => {
  it.each(spellings)('%s is personalEmail', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('personalEmail');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'personalEmail' });
    });
  });
});
