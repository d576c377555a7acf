import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DEFAULT_CODES, GraphError, graphErrorBody, GraphErrorDetail } from './graph-error';

interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  target?: string;
  headers?: Record<string, string>;
  details?: GraphErrorDetail[];
}

/** Messages for the framework's own client errors; theirs can quote the body, ours never do. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than the server accepts.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json).',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but Content-Type is application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body.',
  FST_ERR_CTP_INVALID_TYPE: 'The Content-Type header is invalid.',
  FST_ERR_BAD_URL: 'The URL is malformed.',
  FST_ERR_ASYNC_CONSTRAINT: 'The request could not be routed.',
};

const STATUS_MESSAGES: Record<number, string> = {
  413: FASTIFY_MESSAGES.FST_ERR_CTP_BODY_TOO_LARGE,
  415: FASTIFY_MESSAGES.FST_ERR_CTP_INVALID_MEDIA_TYPE,
};

/** Turns anything thrown while serving a request into Graph's error shape. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof GraphError) {
    return {
      status: error.getStatus(),
      code: error.code,
      message: error.message,
      target: error.target,
      headers: error.headers,
      details: error.details,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : error.message;
    return {
      status,
      code: DEFAULT_CODES[status] ?? 'invalidRequest',
      message: STATUS_MESSAGES[status] ?? message,
    };
  }
  const e = error as { statusCode?: unknown; code?: unknown; name?: unknown };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const fastifyCode = typeof e.code === 'string' ? e.code : '';
    const message =
      FASTIFY_MESSAGES[fastifyCode] ??
      (e.name === 'SyntaxError'
        ? FASTIFY_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY
        : 'The request is invalid.');
    return { status: e.statusCode, code: DEFAULT_CODES[e.statusCode] ?? 'invalidRequest', message };
  }
  // The transaction rolled back (only a connection lost during COMMIT leaves it unknown, and a
  // check-in retry is then answered from its receipt): the client may retry, here or elsewhere.
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      code: 'serviceNotAvailable',
      message: 'The database cannot answer right now; try again shortly.',
      headers: { 'retry-after': '1' },
    };
  }
  return { status: 500, code: 'generalException', message: 'An internal error occurred.' };
}

export function sendGraphError(
  logger: Logger,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer = errorAnswer(error);
  if (answer.status >= 500) {
    logger.error(
      // The logger's `err` serializer keeps class, code and frames, never the message.
      { reqId: request.id, err: error },
      'request failed',
    );
  }
  if (answer.headers)
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  void reply
    .status(answer.status)
    .header('request-id', request.id)
    .send(graphErrorBody(request.id, answer.code, answer.message, answer.target, answer.details));
}

@Catch()
export class GraphExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendGraphError(
      this.logger,
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
    );
  }
}
