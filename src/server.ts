import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest, LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { RefuseForbiddenDataPipe } from './platform/http/forbidden-data.pipe';
import { GraphExceptionFilter, sendGraphError } from './platform/http/graph-exception.filter';
import { GraphError, graphErrorBody, invalidRequest } from './platform/http/graph-error';
import { parseJsonBody } from './platform/http/json-body';
import { createLogger, PinoNestLogger, requestLine } from './platform/logger';
import { loadOrCreateSecrets } from './platform/secrets';
import { createValidationPipe } from './platform/http/validation';
import { markInnerRequest } from './graph/batch/inner-requests';
import { parseForm, TOKEN_ROUTE } from './platform/auth/token-request';
import { setupOpenApi } from './platform/openapi/openapi';
import { serveConsole } from './console/console-assets';
import { AppConfig } from './platform/config/config';
import { DeviceAuthentication } from './platform/auth/device-authentication';
import { registerJsonTransport } from './device-channel/json/json-transport';
import { loadOrCreateTlsCredentials } from './platform/tls/tls-credentials';

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
  // A request that has not fully arrived by then (slow, or a body shorter than its Content-Length)
  // is answered 408 and its connection closed, checked every second rather than Node's 30 s.
  const timeouts = {
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: config.requestTimeoutMs,
    connectionsCheckingInterval: 1000,
  };
  const adapter = new FastifyAdapter({
    ...(tls && {
      serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
        // A client certificate is asked for, not required, and not checked here: an Apple device
        // may present its MDM identity, which the Apple MDM channel checks against its tenant's
        // CA (docs/apple-mdm.md); every other client goes on without one.
        const secure = createHttpsServer(
          {
            key: tls.key,
            cert: tls.cert,
            requestCert: true,
            rejectUnauthorized: false,
            ...timeouts,
          },
          handler,
        );
        secure.on('clientError', answerClientError);
        secureServer = secure;
        return createHttpServer(timeouts, handler);
      },
    }),
    http: timeouts,
    requestTimeout: config.requestTimeoutMs,
    clientErrorHandler: answerClientError,
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
      // The body parsers are ours (below); Nest's would replace the JSON one.
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: any other body type is a 415, not a string for validation to puzzle over — except
  // text/csv, which only the corporate-identifier CSV upload reads (any other route refuses it).
  fastify.removeContentTypeParser('text/plain');
  // Our JSON parser refuses what JSON.parse would let through silently (repeated keys, prototype
  // keys, bytes that are not UTF-8) or choke on (deep nesting), naming the problem.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJsonRequest);
  // Bodies are never decompressed: a compressed one (or one claiming to be) is refused before a
  // byte of it is read, so a gzip bomb costs nothing.
  fastify.addHook('onRequest', async (request, reply) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') return;
    sendGraphError(
      logger,
      new GraphError(
        415,
        'unsupportedMediaType',
        'Content-Encoding is not accepted: send the request body uncompressed.',
        'Content-Encoding',
      ),
      request,
      reply,
    );
    return reply;
  });
  app.get(DeviceAuthentication).register(fastify, logger);
  registerJsonTransport(fastify, logger, config.maxAppsPerCheckIn);
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  // Forms only for the token endpoint (OAuth 2.0 sends them); every other route refuses them.
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (request.routeOptions.url === TOKEN_ROUTE) done(null, parseForm(body as string));
      else done(new GraphError(415, 'unsupportedMediaType', FORM_REFUSED, 'Content-Type'));
    },
  );
  fastify.addHook('onRequest', markInnerRequest);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('request-id', request.id);
  });
  // One line per request (platform/logger.ts says what it holds, and why nothing else).
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(requestLine(request, reply), 'request');
  });
  app.useGlobalPipes(new RefuseForbiddenDataPipe(), createValidationPipe());
  app.useGlobalFilters(new GraphExceptionFilter(logger));
  setupOpenApi(app);
  serveConsole(app);
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

const FORM_REFUSED = 'The request body must be JSON (Content-Type: application/json).';

/** JSON bodies in UTF-8 only (another charset would be decoded wrongly, not refused). */
function parseJsonRequest(
  request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  const contentType = request.headers['content-type'] ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    done(
      new GraphError(
        415,
        'unsupportedMediaType',
        'The request body must be JSON in UTF-8 (charset=utf-8, or no charset).',
        'Content-Type',
      ),
    );
    return;
  }
  const parsed = parseJsonBody(body as Buffer);
  if (parsed.ok) done(null, parsed.value);
  else done(invalidRequest(parsed.problem.target ?? 'body', parsed.problem.message));
}

/**
 * Requests that never became requests — malformed HTTP, a body cut off before its Content-Length,
 * too slow — answered in Graph's shape (Node's own answer is not), then the connection is closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'requestTimeout', 'The request did not arrive in time.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'invalidRequest',
            'The request headers are too large.',
          ]
        : [
            400,
            'Bad Request',
            'invalidRequest',
            'The request is not well-formed HTTP, or its body ended early.',
          ];
  const body = JSON.stringify(graphErrorBody(randomUUID(), code, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
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
