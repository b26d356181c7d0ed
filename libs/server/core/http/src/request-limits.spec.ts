import { Body, Controller, HttpCode, INestApplication, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { jsonBody } from './json-body';
import { ProblemFilter } from './problem.filter';
import { AllowLongUpload, applyServerLimits, requestLimits, type RequestLimits } from './request-limits';

@Controller()
class EchoController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown) {
    return body;
  }

  /** Reads its body after the guards, as the roster upload's multer interceptor does. */
  @Post('upload')
  @HttpCode(200)
  @AllowLongUpload()
  async upload(@Req() req: Request) {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    return { bytes };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/** The real limits scaled down to keep the test short. */
const LIMITS: RequestLimits = { idleSeconds: 0.4, receiveSeconds: 1.2 };

interface Exchange {
  /** Everything the server sent before closing. */
  answer: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

describe('request limits', () => {
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    app = await NestFactory.create(EchoModule, { logger: false, bodyParser: false });
    applyServerLimits(app.getHttpServer(), LIMITS);
    app.use(requestLimits(LIMITS));
    app.use(jsonBody());
    app.useGlobalFilters(new ProblemFilter());
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(() => app.close());

  /** Sends `head`, then `drip` one byte at a time every `dripMs`, until the server closes or `giveUpMs` passes. */
  function exchange(head: string, options: { drip?: string; dripMs?: number; giveUpMs?: number } = {}): Promise<Exchange> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket: Socket = connect(port, '127.0.0.1');
      let answer = '';
      let drip = options.drip ?? '';
      const timer = setInterval(() => {
        if (drip) {
          socket.write(drip[0]);
          drip = drip.slice(1);
        }
      }, options.dripMs ?? 1000);
      const done = () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ answer, closedAfterMs: Date.now() - started });
      };
      const giveUp = setTimeout(() => socket.destroy(), options.giveUpMs ?? 5000);
      socket.on('data', (d) => (answer += d));
      socket.on('close', done);
      socket.on('error', () => undefined);
      socket.write(head);
    });
  }

  const post = (path: string, contentLength: number, type = 'application/json') =>
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\nContent-Length: ${contentLength}\r\n\r\n`;

  it('answers a request that announces a body and sends none with a 408 once the connection has been silent too long', async () => {
    const { answer, closedAfterMs } = await exchange(post('/echo', 100));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('No data was received for 0.4 seconds');
    expect(closedAfterMs).toBeGreaterThanOrEqual(350);
    expect(closedAfterMs).toBeLessThan(1500);
  });

  it('answers a body that trickles in, never silent but never finished, once the whole request has taken too long', async () => {
    const { answer, closedAfterMs } = await exchange(post('/echo', 100), { drip: '{"a":"' + 'x'.repeat(90), dripMs: 150 });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('The request was not received within 1.2 seconds');
    expect(closedAfterMs).toBeGreaterThanOrEqual(1100);
    expect(closedAfterMs).toBeLessThan(2500);
  });

  it('drops a client that never finishes its headers', async () => {
    const { answer, closedAfterMs } = await exchange('POST /echo HTTP/1.1\r\nHost: localhost\r\n');
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
    expect(closedAfterMs).toBeLessThan(1500);
  });

  it('answers a complete request as usual', async () => {
    const body = '{"a":1}';
    const { answer } = await exchange(`${post('/echo', body.length).replace('HTTP/1.1\r\n', 'HTTP/1.1\r\nConnection: close\r\n')}${body}`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.endsWith('{"a":1}')).toBe(true);
  });

  it('gives a route marked @AllowLongUpload the upload allowance instead', async () => {
    const { answer, closedAfterMs } = await exchange(post('/upload', 100, 'text/csv'), { giveUpMs: 2000 });
    // Closed by this test after 2 s, not by the server after 0.4 s or 1.2 s.
    expect(answer).toBe('');
    expect(closedAfterMs).toBeGreaterThanOrEqual(1900);
  });
});
