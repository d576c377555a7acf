import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'webHistory',
  'browsing_history',
  'BrowserHistory',
  'safariHistory',
  'chrome_history',
  'searchHistory',
  'visitedUrls',
  'visited_sites',
  'urlHistory',
  'web-browsing-history',
];

describe('a check-in carrying web or browsing history is refused', () => {
  it.each(spellings)('%s is webHistory', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('webHistory');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'webHistory' });
    });
  });
});
