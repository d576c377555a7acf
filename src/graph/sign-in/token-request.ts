import { ENTRA_ERRORS, EntraError } from './entra-errors';
import { GRAPH_AUDIENCE } from './token-signing-keys';

/** The token endpoint's route: the only one that reads form bodies. */
export const TOKEN_ROUTE = '/:tenantId/oauth2/v2.0/token';

/** A form body as sent: every value of every field, so that a repeated field can be refused. */
export type FormFields = Record<string, string[]>;

export function parseForm(body: string): FormFields {
  const fields: FormFields = Object.create(null) as FormFields;
  for (const [name, value] of new URLSearchParams(body)) (fields[name] ??= []).push(value);
  return fields;
}

/** Graph's resource as a `/.default` scope, by URI or by Graph's well-known application id. */
const GRAPH_DEFAULT_SCOPES = new Set([
  `${GRAPH_AUDIENCE}/.default`,
  `${GRAPH_AUDIENCE}//.default`,
  '00000003-0000-0000-c000-000000000000/.default',
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (text: string): boolean => GUID.test(text);

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type TokenRequest =
  { ok: true; credentials: ClientCredentials } | { ok: false; error: EntraError };

/**
 * A client-credentials token request, checked in Entra's order: grant type, client, scope. The
 * secret comes in the form (client_secret_post) or in HTTP Basic (client_secret_basic). Fields the
 * client adds for its own telemetry (MSAL sends several) are ignored, as Entra ignores them.
 */
export function parseTokenRequest(
  form: FormFields,
  authorization: string | undefined,
): TokenRequest {
  const single = (name: string): string | null | EntraError => {
    const values = form[name];
    if (!values || values.length === 0) return null;
    if (values.length > 1) return ENTRA_ERRORS.repeatedParameter(name);
    return values[0];
  };
  const fail = (error: EntraError): TokenRequest => ({ ok: false, error });
  const isError = (value: unknown): value is EntraError =>
    typeof value === 'object' && value !== null;

  const grantType = single('grant_type');
  if (isError(grantType)) return fail(grantType);
  if (grantType === null) return fail(ENTRA_ERRORS.missingParameter('grant_type'));
  if (grantType !== 'client_credentials') return fail(ENTRA_ERRORS.unsupportedGrantType);

  const basic = basicCredentials(authorization);
  let clientId = single('client_id');
  let clientSecret = single('client_secret');
  if (isError(clientId)) return fail(clientId);
  if (isError(clientSecret)) return fail(clientSecret);
  if (basic) {
    clientId ??= basic.clientId;
    clientSecret ??= basic.clientSecret;
  }
  if (!clientId) return fail(ENTRA_ERRORS.missingParameter('client_id'));
  if (!isGuid(clientId)) return fail(ENTRA_ERRORS.malformedClientId);
  if (!clientSecret) return fail(ENTRA_ERRORS.missingSecret);

  const scope = single('scope');
  if (isError(scope)) return fail(scope);
  if (scope === null) return fail(ENTRA_ERRORS.missingParameter('scope'));
  const scopes = scope.split(/\s+/).filter(Boolean);
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) {
    return fail(ENTRA_ERRORS.scopeWithoutDefault);
  }
  if (!GRAPH_DEFAULT_SCOPES.has(scopes[0])) return fail(ENTRA_ERRORS.unknownResource);
  return { ok: true, credentials: { clientId, clientSecret } };
}

function basicCredentials(header: string | undefined): ClientCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}
