import { Body, CanActivate, Controller, ExecutionContext, Get, HttpCode, INestApplication, Injectable, Module, Param, Post, Query, UseGuards } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validateSync } from 'class-validator';
import request from 'supertest';
import { findUnsafeInput, InputGuard, MAX_JSON_DEPTH } from './input.guard';
import { jsonBody, MAX_JSON_BYTES } from './json-body';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation';

class Note {
  @IsString()
  text!: string;

  @IsOptional() @IsString()
  tag?: string;
}

/** Like sign-in's passport guard: it validates the body itself, before any pipe. */
@Injectable()
class ValidatesBodyItself implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    validateSync(plainToInstance(Note, context.switchToHttp().getRequest().body ?? {}));
    return true;
  }
}

@Controller('notes')
class NotesController {
  @Post()
  @HttpCode(200)
  create(@Body() body: Note) {
    return body;
  }

  @Post('guarded')
  @HttpCode(200)
  @UseGuards(ValidatesBodyItself)
  guarded(@Body() body: Note) {
    return body;
  }

  @Get(':slug')
  one(@Param('slug') slug: string, @Query('search') search?: string) {
    return { slug, search };
  }

  @Post('upload')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  upload() {
    return { ok: true };
  }

  @Post('empty')
  @HttpCode(204)
  empty(): void {
    return undefined;
  }
}

@Module({ controllers: [NotesController], providers: [ValidatesBodyItself] })
class NotesModule {}

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('findUnsafeInput', () => {
  it('names the field holding a NUL or a lone surrogate, at any depth', () => {
    expect(findUnsafeInput({ name: 'a\0b' })).toEqual({ field: 'name', message: 'name must not contain the NUL character' });
    expect(findUnsafeInput({ rule: { jobClasses: ['ok', 'x\uD800'] } })?.field).toBe('rule.jobClasses.1');
    expect(findUnsafeInput({ rule: { jobClasses: ['ok', '\uDC00x'] } })?.field).toBe('rule.jobClasses.1');
    expect(findUnsafeInput({ answers: { 'q\0': ['a'] } })).toEqual({ field: 'answers', message: 'a field name in answers must not contain the NUL character' });
  });

  it('refuses keys that name an object\'s machinery', () => {
    expect(findUnsafeInput(JSON.parse('{"text":"a","__proto__":{"admin":true}}'))).toEqual({ field: '__proto__', message: 'property __proto__ should not exist' });
    expect(findUnsafeInput({ rule: { constructor: { prototype: 1 } } })?.field).toBe('rule.constructor');
  });

  it('lets whole surrogate pairs, emoji and other text through', () => {
    expect(findUnsafeInput({ name: 'Équipe 🌎 تجربة', list: [1, true, null, 'ok'] })).toBeUndefined();
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels without recursing further`, () => {
    expect(findUnsafeInput(JSON.parse(nested(MAX_JSON_DEPTH)))).toBeUndefined();
    expect(findUnsafeInput(JSON.parse(nested(5000)))?.message).toMatch(/nested more than 32 levels deep$/);
  });
});

describe('InputGuard in an app', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(NotesModule, { logger: false, bodyParser: false });
    app.use(jsonBody());
    app.useGlobalGuards(new InputGuard(app.get(Reflector)));
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
  });

  afterAll(() => app.close());

  const server = () => app.getHttpServer();

  it('answers a NUL in the path, the query or the body with a 400 naming the field', async () => {
    const path = await request(server()).get('/notes/a%00b');
    expect(path.status).toBe(400);
    expect(path.body.errors).toEqual([{ field: 'slug', message: 'slug must not contain the NUL character' }]);
    const query = await request(server()).get('/notes/a?search=x%00');
    expect(query.body.errors).toEqual([{ field: 'search', message: 'search must not contain the NUL character' }]);
    const body = await request(server()).post('/notes').set('content-type', 'application/json').send('{"text":"a\\u0000b"}');
    expect(body.status).toBe(400);
    expect(body.body.errors).toEqual([{ field: 'text', message: 'text must not contain the NUL character' }]);
  });

  it('answers a lone surrogate in JSON with a 400 naming the field', async () => {
    const res = await request(server()).post('/notes').set('content-type', 'application/json').send('{"text":"ok","tag":"\\ud800"}');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'tag', message: 'tag must be valid Unicode text (it contains half of a surrogate pair)' }]);
  });

  it('answers a 5,000-level object under 100 KB with a 400, even where a guard validates the body before any pipe', async () => {
    const body = nested(5000);
    expect(Buffer.byteLength(body)).toBeLessThan(100_000);
    for (const path of ['/notes', '/notes/guarded']) {
      const res = await request(server()).post(path).set('content-type', 'application/json').send(body);
      expect([path, res.status, res.headers['content-type']]).toEqual([path, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors[0].message).toMatch(/nested more than 32 levels deep/);
    }
  });

  it('refuses a JSON body that is not UTF-8 rather than storing replacement characters', async () => {
    const raw = (type: string, bytes: Buffer) => request(server()).post('/notes').set('content-type', type).serialize(() => bytes as unknown as string).send({});
    const latin1 = Buffer.from('{"text":"caf\xe9"}', 'latin1');
    const res = await raw('application/json', latin1);
    expect([res.status, res.body.detail]).toEqual([400, 'The request body is not valid UTF-8']);
    const declared = await raw('application/json; charset=latin1', latin1);
    expect(declared.status).toBe(415);
    const utf8 = await raw('application/json; charset=utf-8', Buffer.from('{"text":"café"}'));
    expect([utf8.status, utf8.body]).toEqual([200, { text: 'café' }]);
  });

  it('answers a body larger than the limit with a 413', async () => {
    const res = await request(server()).post('/notes').set('content-type', 'application/json').send(JSON.stringify({ text: 'x'.repeat(MAX_JSON_BYTES) }));
    expect(res.status).toBe(413);
  });

  it('answers a body of a type the route does not take with a 415, and takes multipart only where declared', async () => {
    const text = await request(server()).post('/notes').set('content-type', 'text/plain').send('text=hello');
    expect(text.status).toBe(415);
    expect(text.headers['content-type']).toContain('application/problem+json');
    const form = await request(server()).post('/notes').type('form').send({ text: 'hello' });
    expect(form.status).toBe(415);
    const multipart = await request(server()).post('/notes').field('text', 'hello');
    expect(multipart.status).toBe(415);
    expect((await request(server()).post('/notes/upload').field('text', 'hello')).status).toBe(200);
    expect((await request(server()).post('/notes/upload').send({ text: 'hello' })).status).toBe(415);
  });

  it('lets an empty POST through whatever it says its type is', async () => {
    expect((await request(server()).post('/notes/empty').set('content-length', '0')).status).toBe(204);
  });
});
