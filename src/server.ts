import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { RefuseForbiddenDataPipe } from './common/forbidden-data.pipe';
import { GraphExceptionFilter } from './common/graph-exception.filter';
import { createLogger, PinoNestLogger } from './common/logger';
import { loadOrCreateSecrets } from './common/secrets';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/config';

export interface ServerOptions {
  /** Where log lines go (default stdout); tests capture them to prove nothing personal is logged. */
  logDestination?: DestinationStream;
}

/** Builds the application (not yet listening): the same for `npm start`, the demo and the tests. */
export async function createServer(
  config: AppConfig,
  options: ServerOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const secrets = loadOrCreateSecrets(config.dataDir, { tokenPepper: config.tokenPepper });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // JSON carrying __proto__ or constructor.prototype is refused outright.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, secrets),
    adapter,
    {
      logger: new PinoNestLogger(logger),
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: any other body type is a 415, not a string for validation to puzzle over — except
  // text/csv, which only the corporate-identifier CSV upload reads (any other route refuses it).
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('request-id', request.id);
  });
  // One line per request: route pattern, status and time; never the URL (ids, filters) or a body.
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
  app.useGlobalPipes(new RefuseForbiddenDataPipe(), createValidationPipe());
  app.useGlobalFilters(new GraphExceptionFilter(logger));
  app.enableShutdownHooks();
  return app;
}
