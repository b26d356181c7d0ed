import { Body, Controller, Get, Header, INestApplication, Post, Res } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsEmail, IsInt, Min } from 'class-validator';
import type { Response } from 'express';
import request from 'supertest';
import { NotFoundError, ServiceBusyError } from './errors';
import { DATABASE_REFUSED, ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation';

class CreateThing {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  count!: number;
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThing) {
    return body;
  }

  @Get('missing')
  missing() {
    throw new NotFoundError('No such thing');
  }

  @Get('busy.pdf')
  @Header('content-disposition', 'attachment; filename="busy.pdf"')
  busy() {
    throw new ServiceBusyError('Too many files are being prepared right now; try again in a few seconds.', 5);
  }

  @Get('broken')
  broken() {
    throw new Error('relation "secret_table" does not exist');
  }

  /** What TypeORM throws when PostgreSQL refuses a value (a QueryFailedError copies pg's fields). */
  @Get('refused')
  refused() {
    throw Object.assign(new Error('invalid input syntax for type date: "2026-W01"'), { code: '22007', severity: 'ERROR', query: 'SELECT secret FROM audit_event' });
  }

  @Get('export.csv')
  @Header('content-disposition', 'attachment; filename="export.csv"')
  export() {
    throw new NotFoundError('No such export');
  }

  @Get('halfway')
  halfway(@Res() res: Response) {
    res.status(200).type('text/csv');
    res.write('a,b\r\n');
    throw new Error('the cursor died');
  }
}

describe('ProblemFilter with the global validation pipe', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
  });

  afterAll(() => app.close());

  it('names each bad field and its problem', async () => {
    const res = await request(app.getHttpServer()).post('/things').send({ email: 'nope', count: 0 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'email must be an email' },
        { field: 'count', message: 'count must not be less than 1' },
      ]),
    );
  });

  it('refuses fields the endpoint does not know', async () => {
    const res = await request(app.getHttpServer()).post('/things').send({ email: 'a@b.org', count: 2, admin: true });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await request(app.getHttpServer()).post('/things').set('content-type', 'application/json').send('{"email":');
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('The request body is not valid JSON');
  });

  it('maps domain errors to their status', async () => {
    const res = await request(app.getHttpServer()).get('/things/missing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ title: 'Not found', detail: 'No such thing', instance: '/things/missing' });
  });

  it('answers a full queue with 503, its reason and Retry-After, not as a hidden fault', async () => {
    const res = await request(app.getHttpServer()).get('/things/busy.pdf');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body).toMatchObject({ title: 'Service unavailable', detail: expect.stringContaining('try again') });
  });

  it('answers a value PostgreSQL refused with a 400 that shows no SQL', async () => {
    const res = await request(app.getHttpServer()).get('/things/refused');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, detail: DATABASE_REFUSED });
    expect(JSON.stringify(res.body)).not.toMatch(/SELECT|audit_event|2026-W01/);
  });

  it('does not offer a problem as the attachment the route names', async () => {
    const res = await request(app.getHttpServer()).get('/things/export.csv');
    expect(res.status).toBe(404);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('destroys the connection when a response that has started fails, so it never looks complete', async () => {
    await expect(request(app.getHttpServer()).get('/things/halfway').timeout(5000)).rejects.toThrow(/socket hang up|aborted|ECONNRESET/);
  });

  it('never shows the internals of an unexpected error', async () => {
    const res = await request(app.getHttpServer()).get('/things/broken');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret_table');
  });
});
