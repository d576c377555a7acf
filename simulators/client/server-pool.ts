/** A `--server` value that is not an http(s) base URL. */
export class ServerUrlError extends Error {}

/** Base URLs from `--server` values, each possibly a comma-separated list. */
export function parseServerUrls(values: readonly string[]): URL[] {
  const urls = values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ServerUrlError(`--server ${value} is not a URL (e.g. http://127.0.0.1:3000)`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ServerUrlError(`--server ${value} must be an http:// or https:// URL`);
      }
      if (url.search || url.hash) {
        throw new ServerUrlError(`--server ${value} must be a base URL, without ? or #`);
      }
      url.pathname = url.pathname.replace(/\/+$/, '');
      return url;
    });
  if (urls.length === 0) throw new ServerUrlError('--server needs at least one URL');
  return urls;
}

/**
 * The servers a fleet talks to. Each device has a home server (they are spread over the list);
 * while its home is unavailable — refused, timed out, 503 — it uses the next available one in the
 * list, and goes home again once that has had its pause.
 */
export class ServerPool {
  private readonly unavailableUntil: number[];

  constructor(readonly urls: readonly URL[]) {
    if (urls.length === 0) throw new ServerUrlError('at least one server is needed');
    this.unavailableUntil = urls.map(() => 0);
  }

  get size(): number {
    return this.urls.length;
  }

  /** The home server of device `index`: devices are dealt round-robin. */
  homeOf(index: number): number {
    return index % this.urls.length;
  }

  /**
   * Where a request of a device whose home is `home` goes now: home if available, else the next
   * available server; if none is, the one that becomes available first.
   */
  choose(home: number, now: number): number {
    let soonest = home;
    for (let step = 0; step < this.urls.length; step++) {
      const candidate = (home + step) % this.urls.length;
      if (this.unavailableUntil[candidate] <= now) return candidate;
      if (this.unavailableUntil[candidate] < this.unavailableUntil[soonest]) soonest = candidate;
    }
    return soonest;
  }

  /** When `server` may be tried again (0 when it is available). */
  availableAt(server: number): number {
    return this.unavailableUntil[server];
  }

  markUnavailable(server: number, until: number): void {
    this.unavailableUntil[server] = Math.max(this.unavailableUntil[server], until);
  }

  markAvailable(server: number): void {
    this.unavailableUntil[server] = 0;
  }
}
