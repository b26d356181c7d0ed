import { Controller, Get, INestApplication, Res } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { streamCsv } from './csv-stream';
import { InvalidInputError } from './errors';
import { ProblemFilter } from './problem.filter';

const HEADER = 'at,action\r\n';
let finished = 0;

async function* rows(batches: number, failAt?: number, pauseMs = 0): AsyncGenerator<string> {
  try {
    for (let i = 0; i < batches; i++) {
      if (i === failAt) throw i === 0 ? new InvalidInputError('from must be a date') : new Error('the cursor died');
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      yield `2026-11-${String(i + 1).padStart(2, '0')},batch ${i}\r\n`;
    }
  } finally {
    finished += 1;
  }
}

@Controller('export')
class ExportController {
  @Get('ok')
  ok(@Res() res: Response) {
    return streamCsv(res, 'ok.csv', HEADER, rows(3));
  }

  @Get('fails-first')
  failsFirst(@Res() res: Response) {
    return streamCsv(res, 'bad.csv', HEADER, rows(3, 0));
  }

  @Get('fails-midway')
  failsMidway(@Res() res: Response) {
    return streamCsv(res, 'midway.csv', HEADER, rows(3, 2));
  }

  @Get('endless')
  endless(@Res() res: Response) {
    return streamCsv(res, 'endless.csv', HEADER, rows(Number.MAX_SAFE_INTEGER, undefined, 5));
  }
}

describe('streamCsv', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ExportController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
  });

  afterAll(() => app.close());

  it('sends the header and every batch as an attachment', async () => {
    const res = await request(app.getHttpServer()).get('/export/ok');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ok.csv"');
    expect(res.text).toBe(`${HEADER}2026-11-01,batch 0\r\n2026-11-02,batch 1\r\n2026-11-03,batch 2\r\n`);
  });

  it('reads the first batch before the first byte: a failure there is an ordinary problem response', async () => {
    const res = await request(app.getHttpServer()).get('/export/fails-first');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.text).not.toContain('at,action');
  });

  it('destroys the connection on a failure after the first byte: an error, never a hanging or complete-looking 200', async () => {
    const started = Date.now();
    await expect(request(app.getHttpServer()).get('/export/fails-midway').timeout(5000)).rejects.toThrow(/socket hang up|aborted|ECONNRESET/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading when the client leaves', async () => {
    const server = app.getHttpServer().listen(0);
    const { port } = server.address() as AddressInfo;
    const before = finished;
    await new Promise<void>((resolve, reject) => {
      const req = get(`http://127.0.0.1:${port}/export/endless`, (res) => res.once('data', () => {
        req.destroy();
        resolve();
      }));
      req.on('error', reject);
    });
    const deadline = Date.now() + 3000;
    while (finished === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    server.close();
    expect(finished).toBe(before + 1);
  });
});
