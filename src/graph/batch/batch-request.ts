/**
 * JSON batching as Graph does it (docs/graph-api.md): the batch's shape checked whole before any
 * request runs, and the order in which `dependsOn` lets its requests run. Pure.
 */
export const MAX_BATCH_REQUESTS = 20;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface BatchItem {
  id: string;
  method: string;
  /** Relative to the batch's version, with a leading slash: `/deviceManagement/managedDevices`. */
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

export type ParsedBatch =
  { ok: true; items: BatchItem[] } | { ok: false; target: string; message: string };

export function parseBatch(body: unknown, version: 'v1.0' | 'beta'): ParsedBatch {
  const fail = (target: string, message: string): ParsedBatch => ({ ok: false, target, message });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail('requests', 'The body must be a JSON object with a requests array.');
  }
  const requests = (body as { requests?: unknown }).requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return fail('requests', "Invalid field 'requests': must be a non-empty array.");
  }
  if (requests.length > MAX_BATCH_REQUESTS) {
    return fail(
      'requests',
      `A batch may hold at most ${MAX_BATCH_REQUESTS} requests; this one holds ${requests.length}.`,
    );
  }
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of requests.entries()) {
    const at = `requests[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return fail(at, `Invalid field '${at}': must be an object.`);
    }
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '' || r.id.length > 100) {
      return fail(`${at}.id`, `Invalid field '${at}.id': must be a string of 1–100 characters.`);
    }
    if (ids.has(r.id)) return fail(`${at}.id`, `Invalid field '${at}.id': ids must be unique.`);
    ids.add(r.id);
    const method = typeof r.method === 'string' ? r.method.toUpperCase() : '';
    if (!METHODS.has(method)) {
      return fail(
        `${at}.method`,
        `Invalid field '${at}.method': must be one of ${[...METHODS].join(', ')}.`,
      );
    }
    if (typeof r.url !== 'string' || r.url === '' || r.url.length > 2048) {
      return fail(`${at}.url`, `Invalid field '${at}.url': must be a relative URL.`);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(r.url) || r.url.startsWith('//')) {
      return fail(
        `${at}.url`,
        `Invalid field '${at}.url': must be relative to the batch's version, not absolute.`,
      );
    }
    const relative = r.url.startsWith('/') ? r.url : `/${r.url}`;
    // Graph resolves inner URLs against the batch's version; one that repeats it (as a client
    // stripping the host off an absolute URL sends) means the same, another version cannot be.
    const versioned = /^\/(v1\.0|beta)(?=[/?]|$)/.exec(relative);
    if (versioned && versioned[1] !== version) {
      return fail(
        `${at}.url`,
        `Invalid field '${at}.url': must not name another version than the batch's.`,
      );
    }
    const url = versioned ? relative.slice(versioned[0].length) || '/' : relative;
    if (/^\/\$batch(?:[/?#]|$)/i.test(url)) {
      return fail(`${at}.url`, `Invalid field '${at}.url': a batch may not contain a batch.`);
    }
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (typeof r.headers !== 'object' || r.headers === null || Array.isArray(r.headers)) {
        return fail(
          `${at}.headers`,
          `Invalid field '${at}.headers': must be an object of strings.`,
        );
      }
      for (const [name, value] of Object.entries(r.headers)) {
        if (typeof value !== 'string') {
          return fail(
            `${at}.headers`,
            `Invalid field '${at}.headers': must be an object of strings.`,
          );
        }
        headers[name.toLowerCase()] = value;
      }
    }
    if (r.body !== undefined && !headers['content-type']) {
      return fail(
        `${at}.headers`,
        `Invalid field '${at}.headers': a request with a body needs a Content-Type header.`,
      );
    }
    let dependsOn: string[] = [];
    if (r.dependsOn !== undefined) {
      if (!Array.isArray(r.dependsOn) || !r.dependsOn.every((d) => typeof d === 'string')) {
        return fail(
          `${at}.dependsOn`,
          `Invalid field '${at}.dependsOn': must be an array of request ids.`,
        );
      }
      dependsOn = r.dependsOn as string[];
    }
    items.push({ id: r.id, method, url, headers, body: r.body, dependsOn });
  }
  for (const [index, item] of items.entries()) {
    for (const dependency of item.dependsOn) {
      if (!ids.has(dependency) || dependency === item.id) {
        return fail(
          `requests[${index}].dependsOn`,
          `Invalid field 'requests[${index}].dependsOn': must name other requests of this batch.`,
        );
      }
    }
  }
  if (executionWaves(items) === null) {
    return fail('requests', 'The dependsOn of the requests form a cycle.');
  }
  return { ok: true, items };
}

/**
 * The requests in waves: each wave's requests depend only on earlier waves' and run together.
 * null when dependsOn forms a cycle.
 */
export function executionWaves(items: readonly BatchItem[]): BatchItem[][] | null {
  const done = new Set<string>();
  const waves: BatchItem[][] = [];
  let pending = [...items];
  while (pending.length > 0) {
    const wave = pending.filter((item) => item.dependsOn.every((d) => done.has(d)));
    if (wave.length === 0) return null;
    waves.push(wave);
    for (const item of wave) done.add(item.id);
    pending = pending.filter((item) => !wave.includes(item));
  }
  return waves;
}
