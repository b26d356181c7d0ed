import { LinkToken, captureLinkToken } from './link-token';

describe('captureLinkToken', () => {
  function open(url: string) {
    const parsed = new URL(url, 'https://equip.city.example');
    const history = { state: { kept: true }, replaceState: jest.fn() };
    captureLinkToken({ pathname: parsed.pathname, search: parsed.search, hash: parsed.hash }, history);
    return history;
  }

  afterEach(() => new LinkToken().clear());

  it('takes the token out of the fragment of a new link and leaves the bare path', () => {
    const history = open('/set-password#token=abc_DEF-123');
    expect(new LinkToken().value()).toBe('abc_DEF-123');
    expect(history.replaceState).toHaveBeenCalledWith({ kept: true }, '', '/set-password');
  });

  it('takes the token out of the query of a link mailed before, keeping anything else', () => {
    const history = open('/set-password?token=old_123&utm=mail');
    expect(new LinkToken().value()).toBe('old_123');
    expect(history.replaceState).toHaveBeenCalledWith({ kept: true }, '', '/set-password?utm=mail');
  });

  it('prefers the fragment and still clears both', () => {
    const history = open('/set-password?token=a#token=b');
    expect(new LinkToken().value()).toBe('b');
    expect(history.replaceState).toHaveBeenCalledWith({ kept: true }, '', '/set-password');
  });

  it('clears an empty token from the address without keeping it', () => {
    const history = open('/set-password#token=');
    expect(new LinkToken().value()).toBeNull();
    expect(history.replaceState).toHaveBeenCalledWith({ kept: true }, '', '/set-password');
  });

  it('touches no other page, and no set-password address without a token', () => {
    expect(open('/sign-in?token=abc').replaceState).not.toHaveBeenCalled();
    expect(open('/set-password').replaceState).not.toHaveBeenCalled();
    expect(new LinkToken().value()).toBeNull();
  });

  it('forgets the token when cleared', () => {
    open('/set-password#token=abc');
    const link = new LinkToken();
    link.clear();
    expect(link.value()).toBeNull();
  });
});
