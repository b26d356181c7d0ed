import { sessionUser } from '../testing/session-user';
import { homePath, safeReturnUrl } from './area-paths';

describe('homePath', () => {
  it.each([
    [['learn'], '/learn'],
    [['learn', 'lead'], '/lead'],
    [['learn', 'rase'], '/rase'],
    [['learn', 'lead', 'rase'], '/rase'],
    [['rase'], '/rase'],
    [[], '/no-access'],
  ] as const)('lands someone with areas %j on %s', (areas, path) => {
    expect(homePath(sessionUser({ areas: [...areas] }))).toBe(path);
  });
});

describe('safeReturnUrl', () => {
  it.each(['/lead', '/learn/courses?page=2#top'])('follows a path inside the app: %s', (url) => {
    expect(safeReturnUrl(url)).toBe(url);
  });

  it.each([null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/sign-in', '/sign-in?returnUrl=%2Flead'])(
    'ignores %j',
    (url) => {
      expect(safeReturnUrl(url)).toBeNull();
    },
  );
});
