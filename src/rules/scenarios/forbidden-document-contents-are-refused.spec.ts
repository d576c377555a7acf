import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'documents',
  'userDocuments',
  'myDocuments',
  'document_contents',
  'documentContent',
  'files',
  'userFiles',
  'personalFiles',
  'fileContents',
  'file_content',
];

describe('a check-in carrying the contents of user documents is refused', () => {
  it.each(spellings)('%s is documentContents', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('documentContents');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'documentContents' });
    });
  });
});
