import { Body, Controller, Get, INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsEmail, IsInt, Min } from 'class-validator';
import request from 'supertest';
import { NotFoundError } from './errors';
import { ProblemFilter } from './problem.filter';
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

  @Get('broken')
  broken() {
    throw new Error('relation "secret_table" does not exist');
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

  it('never shows the internals of an unexpected error', async () => {
    const res = await request(app.getHttpServer()).get('/things/broken');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret_table');
  });
});
