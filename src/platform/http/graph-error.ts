import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Errors in Microsoft Graph's shape:
 * `{"error": {"code", "message", "target"?, "innerError": {"request-id", "date"}}}`.
 * Messages name the field and the problem but never echo the submitted value: values can be
 * personal data, and error messages end up in logs and tickets.
 */
export class GraphError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
    /** One entry per problem when a request has several (e.g. the lines of an import). */
    readonly details: GraphErrorDetail[] = [],
  ) {
    super(message, status);
  }
}

export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export const invalidRequest = (target: string | undefined, message: string) =>
  new GraphError(HttpStatus.BAD_REQUEST, 'invalidRequest', message, target);

export const unauthenticated = (
  message = 'The credential is missing, invalid, expired or revoked.',
) => new GraphError(HttpStatus.UNAUTHORIZED, 'unauthenticated', message);

export const accessDenied = (message: string) =>
  new GraphError(HttpStatus.FORBIDDEN, 'accessDenied', message);

export const itemNotFound = (what: string) =>
  new GraphError(HttpStatus.NOT_FOUND, 'itemNotFound', `${what} was not found.`);

export const conflict = (target: string | undefined, message: string) =>
  new GraphError(HttpStatus.CONFLICT, 'conflict', message, target);

/** The error code for each status when the error did not bring its own. */
export const DEFAULT_CODES: Record<number, string> = {
  400: 'invalidRequest',
  401: 'unauthenticated',
  403: 'accessDenied',
  404: 'itemNotFound',
  405: 'methodNotAllowed',
  406: 'notAcceptable',
  409: 'conflict',
  411: 'lengthRequired',
  413: 'requestTooLarge',
  415: 'unsupportedMediaType',
  422: 'invalidRequest',
  429: 'activityLimitReached',
  500: 'generalException',
  503: 'serviceNotAvailable',
};

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    target?: string;
    details?: GraphErrorDetail[];
    innerError: { 'request-id': string; date: string };
  };
}

export function graphErrorBody(
  requestId: string,
  code: string,
  message: string,
  target?: string,
  details: GraphErrorDetail[] = [],
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      ...(target ? { target } : {}),
      ...(details.length ? { details } : {}),
      innerError: {
        'request-id': requestId,
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    },
  };
}
