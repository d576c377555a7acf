import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { CheckInDto } from './check-in/dto/check-in.dto';
import { acceptsCheckIn } from './check-in/dto/check-in.fast-path';
import { RefuseForbiddenDataPipe } from './common/forbidden-data.pipe';
import { GraphExceptionFilter } from './common/graph-exception.filter';
import { createLogger, PinoNestLogger } from './common/logger';
import { loadOrCreateSecrets } from './common/secrets';
import { createValidationPipe } from './common/validation';
import { setupOpenApi } from './openapi/openapi';
import { AppConfig } from './config/config';
import { loadOrCreateTlsCredentials } from './tls/tls-credentials';

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
  const secrets = loadOrCreateSecrets(config.dataDir, {
    tokenPepper: config.tokenPepper,
    pseudonymKey: config.pseudonymKey,
  });
  // HTTPS_PORT: a second listener on the same request handler, so both serve one application.
  const tls = config.httpsPort === null ? null : await loadOrCreateTlsCredentials(config);
  let secureServer: HttpsServer | undefined;
  const adapter = new FastifyAdapter({
    ...(tls && {
      serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
        secureServer = createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
        return createHttpServer(handler);
      },
    }),
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
  app.useGlobalPipes(
    new RefuseForbiddenDataPipe(),
    createValidationPipe([{ metatype: CheckInDto, accepts: acceptsCheckIn }]),
  );
  app.useGlobalFilters(new GraphExceptionFilter(logger));
  setupOpenApi(app);
  app.enableShutdownHooks();
  if (secureServer) {
    const server = secureServer;
    SECURE_SERVERS.set(app, { server, port: config.httpsPort ?? 0, host: config.host });
    fastify.addHook('onClose', async () => {
      server.closeAllConnections();
      if (server.listening) await new Promise((done) => server.close(done));
    });
  }
  return app;
}

const SECURE_SERVERS = new WeakMap<
  NestFastifyApplication,
  { server: HttpsServer; port: number; host: string }
>();

/**
 * Starts the app on PORT and, when HTTPS_PORT is set, on HTTPS_PORT too. Resolves to the base URLs
 * actually bound (ports may be 0 = any free port).
 */
export async function listen(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'port' | 'host'>,
): Promise<{ http: string; https: string | null }> {
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const secure = SECURE_SERVERS.get(app);
  if (!secure) return { http: `http://${config.host}:${port}`, https: null };
  await new Promise<void>((resolve, reject) => {
    secure.server.once('error', reject);
    secure.server.listen(secure.port, secure.host, () => {
      secure.server.off('error', reject);
      resolve();
    });
  });
  const securePort = (secure.server.address() as AddressInfo).port;
  return { http: `http://${config.host}:${port}`, https: `https://${config.host}:${securePort}` };
}
