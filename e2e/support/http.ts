import { e2e } from './environment';

const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_HEADER = 'x-xsrf-token';

/** A tiny cookie-keeping client: what a browser does with Equip's session cookies. */
export class Session {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl = e2e().baseUrl) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    if (body === undefined) return this.send(method, path, { headers });
    return this.send(method, path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  }

  /**
   * Any request, body as given (malformed JSON, another content type, a multipart form), with the
   * session's cookies and CSRF header; `signal` bounds how long it may take.
   */
  async send(method: string, path: string, options: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    // Like the web app: state-changing requests repeat the CSRF cookie in a header, fetching a token first if there is none.
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
    if (unsafe && !this.cookies.has(CSRF_COOKIE) && path !== '/api/auth/csrf') await this.get('/api/auth/csrf');
    const csrf = unsafe ? this.cookies.get(CSRF_COOKIE) : undefined;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
        ...options.headers,
      },
      body: options.body,
      redirect: 'manual',
      signal: options.signal,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      const v = value.join('=');
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), v);
    }
    return res;
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async signIn(email: string, password = e2e().demoPassword): Promise<Response> {
    return this.post('/api/auth/sign-in', { email, password }, { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  }
}
