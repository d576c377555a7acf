import { findForbiddenDataCategory, forbiddenCategoryOfField } from '..';
import { payloadsCarrying } from '../../../test/support/forbidden-field-payloads';

const spellings = [
  'calendar',
  'calendars',
  'calendarEvents',
  'calendar_events',
  'appointments',
  'calendarAppointments',
  'userCalendar',
  'personalCalendarEvents',
];

describe('a check-in carrying calendar events is refused', () => {
  it.each(spellings)('%s is calendar', (field) => {
    expect(forbiddenCategoryOfField(field)).toBe('calendar');
  });

  describe.each(spellings)('a check-in carrying %s', (field) => {
    it.each(payloadsCarrying(field))('is refused when the field is $where', ({ payload, path }) => {
      expect(findForbiddenDataCategory(payload)).toEqual({ path, category: 'calendar' });
    });
  });
});
