import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'sms',
  'SMS',
  'smsMessages',
  'sms_inbox',
  'mms',
  'mmsMessages',
  'iMessages',
  'imessage',
  'iMessageHistory',
  'textMessages',
  'text_messages',
  'messages',
  'chatMessages',
  'userSms',
];

describe('a check-in carrying text messages is refused', () => {
  it.each(spellings)('%s is textMessages', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('textMessages');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'textMessages' });
    });
  });
});
