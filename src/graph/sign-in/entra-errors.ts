import { randomUUID } from 'node:crypto';

/**
 * Failures of the token endpoint in Entra ID's shape (OAuth 2.0 error codes with Entra's AADSTS
 * numbers), so that MSAL and `@azure/identity` report them as they would Entra's. Descriptions
 * never repeat what the client sent.
 */
export interface EntraError {
  status: 400 | 401;
  error:
    | 'invalid_request'
    | 'invalid_client'
    | 'unauthorized_client'
    | 'invalid_scope'
    | 'unsupported_grant_type';
  code: number;
  description: string;
}

export interface EntraErrorBody {
  error: EntraError['error'];
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

export const ENTRA_ERRORS = {
  missingParameter: (name: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  repeatedParameter: (name: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 90015,
    description: `Requested query string is too long, or parameter '${name}' is given more than once.`,
  }),
  missingSecret: {
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  } as EntraError,
  malformedClientId: {
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: "The client_id must be an application's client id (a GUID).",
  } as EntraError,
  unsupportedGrantType: {
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description:
      'The app requested an unsupported grant type; only client_credentials is supported.',
  } as EntraError,
  unknownTenant: {
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description:
      'Tenant not found. Check that the tenant id in the authority is the id of an existing tenant.',
  } as EntraError,
  unknownApplication: {
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description:
      'Application with the given identifier was not found in the directory. The app may not be registered in this tenant, or the request was sent to the wrong tenant.',
  } as EntraError,
  disabledApplication: {
    status: 400,
    error: 'unauthorized_client',
    code: 7000112,
    description: 'Application is disabled (its registration was revoked).',
  } as EntraError,
  invalidSecret: {
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description:
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, and that it has not been revoked.',
  } as EntraError,
  expiredSecret: {
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    description: 'The provided client secret keys are expired. Create a new secret for the app.',
  } as EntraError,
  scopeWithoutDefault: {
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description:
      'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  } as EntraError,
  unknownResource: {
    status: 400,
    error: 'invalid_scope',
    code: 500011,
    description:
      'The resource principal was not found in the tenant: only https://graph.microsoft.com/.default is issued here.',
  } as EntraError,
} as const;

export function entraErrorBody(failure: EntraError, now = new Date()): EntraErrorBody {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    error: failure.error,
    error_description:
      `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${traceId}\r\n` +
      `Correlation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
}
