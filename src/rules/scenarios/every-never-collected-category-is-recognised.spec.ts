import { FORBIDDEN_DATA_CATEGORIES } from '..';

describe('every never-collected category of §5 is recognised', () => {
  it('has one category for each item of §5, and no other', () => {
    // Call history, web/browsing history, personal e-mail, text messages, contacts, passwords of
    // personal accounts, calendar events, photos and camera roll, contents of user documents.
    expect(Object.keys(FORBIDDEN_DATA_CATEGORIES).sort()).toEqual(
      [
        'callHistory',
        'webHistory',
        'personalEmail',
        'textMessages',
        'contacts',
        'personalPasswords',
        'calendar',
        'photos',
        'documentContents',
      ].sort(),
    );
  });
});
