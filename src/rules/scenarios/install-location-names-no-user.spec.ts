import { installLocationWithoutUserName } from '..';

describe('an app’s install location is stored without the user’s name', () => {
  it.each([
    [
      'C:\\Users\\jdoe\\AppData\\Local\\Programs\\Microsoft VS Code',
      'C:\\Users\\%USERNAME%\\AppData\\Local\\Programs\\Microsoft VS Code',
    ],
    [
      'c:\\users\\Anna Svensson\\AppData\\Local\\slack',
      'c:\\users\\%USERNAME%\\AppData\\Local\\slack',
    ],
    ['C:\\Users\\jdoe', 'C:\\Users\\%USERNAME%'],
    ['/Users/jdoe/Applications/Zoom.app', '/Users/~/Applications/Zoom.app'],
    ['/home/jdoe/.local/share/app', '/home/~/.local/share/app'],
  ])('%s → %s', (reported, stored) => {
    expect(installLocationWithoutUserName(reported)).toBe(stored);
  });

  it.each([
    'C:\\Program Files\\Microsoft Office',
    'C:\\ProgramData\\Users\\x',
    '/Applications/Safari.app',
    '/Users/Shared/Adobe',
    'D:\\Tools\\Users\\jdoe',
  ])('leaves %s as it is', (location) => {
    expect(installLocationWithoutUserName(location)).toBe(location);
  });
});
