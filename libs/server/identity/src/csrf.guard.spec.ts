import { Controller, Get, INestApplication, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@equip/server/config';
import { ProblemFilter } from '@equip/server/http';
import { testConfig } from '@equip/server/testing';
import cookieParser from 'cookie-parser';
import request from 'supertest';
import { CsrfGuard, SkipCsrf } from './csrf.guard';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [];
  }

  @Post()
  create() {
    return { created: true };
  }

  @SkipCsrf()
  @Post('sign-in')
  signIn() {
    return { signedIn: true };
  }
}

const TOKEN = 'a'.repeat(43);
const csrfCookie = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('XSRF-TOKEN='));

describe('CsrfGuard (double-submit cookie)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(testConfig({ cookieSecure: true }))],
      controllers: [ThingsController],
      providers: [{ provide: APP_GUARD, useClass: CsrfGuard }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(cookieParser());
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
  });

  afterAll(() => app.close());

  it('gives a visitor without a token a readable, SameSite cookie holding one', async () => {
    const res = await request(app.getHttpServer()).get('/things');
    expect(res.status).toBe(200);
    const cookie = csrfCookie(res);
    expect(cookie).toMatch(/^XSRF-TOKEN=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).not.toMatch(/HttpOnly/i);
  });

  it('leaves a valid cookie alone', async () => {
    const res = await request(app.getHttpServer()).get('/things').set('Cookie', `XSRF-TOKEN=${TOKEN}`);
    expect(csrfCookie(res)).toBeUndefined();
  });

  it('accepts a state-changing request whose header repeats the cookie', async () => {
    const res = await request(app.getHttpServer()).post('/things').set('Cookie', `XSRF-TOKEN=${TOKEN}`).set('X-XSRF-TOKEN', TOKEN);
    expect(res.status).toBe(201);
  });

  it.each([
    ['no header', { Cookie: `XSRF-TOKEN=${TOKEN}` }],
    ['a different header', { Cookie: `XSRF-TOKEN=${TOKEN}`, 'X-XSRF-TOKEN': 'b'.repeat(43) }],
    ['a header but no cookie', { 'X-XSRF-TOKEN': TOKEN }],
    ['a malformed pair', { Cookie: 'XSRF-TOKEN=x', 'X-XSRF-TOKEN': 'x' }],
  ])('refuses a state-changing request with %s as problem+json 403', async (_name, headers) => {
    const res = await request(app.getHttpServer()).post('/things').set(headers as Record<string, string>);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe('Missing or invalid CSRF token');
  });

  it('hands out a token with the refusal when there was none, so the retry can carry it', async () => {
    const res = await request(app.getHttpServer()).post('/things');
    expect(res.status).toBe(403);
    expect(csrfCookie(res)).toBeDefined();
  });

  it('lets routes marked @SkipCsrf through without a header', async () => {
    const res = await request(app.getHttpServer()).post('/things/sign-in');
    expect(res.status).toBe(201);
  });
});
