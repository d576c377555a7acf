import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'callHistory',
  'call_history',
  'CallLog',
  'call-logs',
  'callRecords',
  'calls',
  'recentCalls',
  'missed_calls',
  'incomingCalls',
  'phoneCallHistory',
  'userCallHistory',
  'call_log_entries',
];

describe('a check-in carrying call history is refused', () => {
  it.each(spellings)('%s is callHistory', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('callHistory');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'callHistory' });
    });
  });
});
