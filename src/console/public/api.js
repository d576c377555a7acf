// The console's only way to the server: the public API, with the admin token as bearer.

const TOKEN_KEY = 'dic.adminToken';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A refused or failed request, with Graph's error code, message and per-line details. */
export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

async function request(path, { method = 'GET', body, contentType = 'application/json' } = {}) {
  const headers = { authorization: `Bearer ${session.token() ?? ''}` };
  if (body !== undefined) headers['content-type'] = contentType;
  const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached.');
  }
  if (response.ok) return response;
  let error = { code: 'error', message: `The server answered ${response.status}.` };
  try {
    error = (await response.json()).error ?? error;
  } catch {
    // not a Graph error body: keep the status line
  }
  if (response.status === 401) window.dispatchEvent(new CustomEvent('console:signed-out'));
  throw new ApiError(response.status, error.code, error.message, error.details ?? []);
}

/** JSON of a request (null for 204). */
export async function api(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

/** Saves what a GET answers as a file (the server streams it; the browser writes it to disk). */
export async function download(path, fileName) {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An OData string literal. */
export const odataString = (text) => `'${String(text).replace(/'/g, "''")}'`;

/** A query string from options, leaving out empty ones. */
export function queryString(options) {
  const parts = Object.entries(options)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
