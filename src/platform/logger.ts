import { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino, { DestinationStream, Logger } from 'pino';

/**
 * Structured logs (pino). Nothing personal or secret is ever logged, by construction: what a line
 * says of a request, an answer or an error is built field by field from the allow-lists below, so
 * a header (Authorization, Mdm-Signature), the URL (ids, OData filters with UPNs, `?token=` of the
 * Apple MDM enrollment) or a body cannot reach it. No redaction pass runs on each line: pino's
 * `redact` cloned every logged object (~2 % of a steady check-in's CPU) to remove a header that
 * none of these objects carries.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // They replace Fastify's own (its `req` carries the URL with its query string) and pino's
      // `err` (every enumerable property: TypeORM's query parameters, PostgreSQL's `detail`).
      serializers: { req: requestFields, res: responseFields, err: errorFields },
    },
    destination,
  );
}

/** The one line per request: route pattern, status and time — never the URL or a body. */
export interface RequestLine {
  reqId: string;
  method: string;
  route: string;
  statusCode: number;
  ms: number;
}

export function requestLine(request: FastifyRequest, reply: FastifyReply): RequestLine {
  return {
    reqId: request.id,
    method: request.method,
    route: request.routeOptions.url ?? UNMATCHED,
    statusCode: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 10) / 10,
  };
}

const UNMATCHED = 'unmatched';

/** `req` in a line (Fastify's own lines pass its request): id, method and route pattern. */
function requestFields(request: Partial<FastifyRequest>): Partial<RequestLine> {
  return {
    reqId: typeof request.id === 'string' ? request.id : undefined,
    method: typeof request.method === 'string' ? request.method : undefined,
    // Fastify's request has routeOptions; a raw IncomingMessage does not, and has only its URL.
    route: request.routeOptions?.url ?? UNMATCHED,
  };
}

/** `res` in a line (Fastify's own lines pass its reply): the status, and the request it answers. */
function responseFields(reply: Partial<FastifyReply>): Partial<RequestLine> {
  const id = reply.request?.id;
  return {
    reqId: typeof id === 'string' ? id : undefined,
    statusCode: typeof reply.statusCode === 'number' ? reply.statusCode : undefined,
  };
}

export interface ErrorFields {
  type: string;
  code?: string | number;
  constraint?: string;
  stack?: string;
}

/**
 * `err` in a line: the error's class, code, violated constraint and stack frames — not its
 * message, which libraries fill with what they were given (JSON.parse quotes its input,
 * PostgreSQL quotes the value it could not convert, Fastify names the URL).
 */
export function errorFields(error: unknown): ErrorFields | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    type: error.name,
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
    stack: stackFrames(error),
  };
}

/**
 * An error named in a message line (where a Nest Logger takes a string): its class, code and
 * constraint, never its message — for the reasons errorFields gives.
 */
export function describeError(error: unknown): string {
  const fields = errorFields(error);
  if (!fields) return typeof error;
  const details = [fields.code, fields.constraint].filter((detail) => detail !== undefined);
  return details.length > 0 ? `${fields.type} (${details.join(', ')})` : fields.type;
}

/** The stack without its first lines, which repeat the message (it may span several lines). */
function stackFrames(error: Error): string | undefined {
  const header = String(error).split('\n').length;
  return error.stack
    ?.split('\n')
    .slice(header)
    .filter((line) => line.startsWith('    at '))
    .join('\n');
}

/** Lets NestJS's own messages (bootstrap, route mapping) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
