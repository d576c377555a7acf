import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'photos',
  'photo',
  'cameraRoll',
  'camera_roll',
  'camera_roll_items',
  'photoLibrary',
  'photo_stream',
  'photoAlbums',
  'pictures',
  'userPhotos',
  'personalPhotos',
];

describe('a check-in carrying photos or the camera roll is refused', () => {
  it.each(spellings)('%s is photos', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('photos');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'photos' });
    });
  });
});
