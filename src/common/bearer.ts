/**
 * Our own tokens are short; an access token from the token endpoint (a signed JWT) is longer but
 * stays far below this.
 */
const MAX_TOKEN_LENGTH = 4096;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/]+=*)$/i.exec(value.trim());
  return match && match[1].length <= MAX_TOKEN_LENGTH ? match[1] : null;
}
