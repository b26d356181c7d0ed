import type { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@equip/server/config';
import { applyServerLimits, createValidationPipe, InputGuard, jsonBody, ProblemFilter, requestLimits } from '@equip/server/http';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';

/** Builds the api exactly as `main.ts` runs it; tests call it with their own config. */
export async function createApiApp(config: AppConfig, options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
    abortOnError: false,
    // Registered below, in order, with a deliberate limit.
    bodyParser: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // What a client may hold and send, before anything reads it (libs/server/core/http/README.md).
  applyServerLimits(app.getHttpServer());
  app.use(requestLimits());
  // Only the configured proxies may name the client's address (rate limits and the audit log use it).
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(helmet({ crossOriginEmbedderPolicy: false }));
  app.use(cookieParser());
  app.use(jsonBody());
  app.setGlobalPrefix('api');
  app.useGlobalGuards(new InputGuard(app.get(Reflector)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Equip API')
      .setDescription('Staff equity training: learners, equity leads and RASE administrators.')
      .setVersion('0.1.0')
      .addCookieAuth('equip_access')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveWebApp(app, config);
  return app;
}

/**
 * The api serves the built Angular app when there is one (always expected in production), falling
 * back to index.html for client routes.
 */
function serveWebApp(app: NestExpressApplication, config: AppConfig): void {
  const root = resolve(config.webDist);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    if (config.env === 'production') app.get(Logger).warn(`WEB_DIST ${root} has no index.html; the web app is not served`);
    return;
  }
  app.useStaticAssets(root, { index: false, maxAge: '1y', immutable: true, setHeaders: (res, path) => {
    if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  } });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // HEAD as GET: uptime monitors and proxies check the app with it.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
