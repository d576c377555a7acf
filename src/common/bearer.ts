/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/]+=*)$/i.exec(value.trim());
  return match && match[1].length <= 512 ? match[1] : null;
}
