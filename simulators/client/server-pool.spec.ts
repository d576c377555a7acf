import { parseServerUrls, ServerPool, ServerUrlError } from './server-pool';

describe('server URLs', () => {
  it('takes repeated and comma-separated values, without trailing slashes', () => {
    const urls = parseServerUrls(['http://a:3000/', 'http://b:3000,https://c/api/']);
    expect(urls.map((url) => url.href)).toEqual([
      'http://a:3000/',
      'http://b:3000/',
      'https://c/api',
    ]);
  });

  it('refuses what is not an http(s) base URL', () => {
    expect(() => parseServerUrls(['localhost:3000'])).toThrow(ServerUrlError);
    expect(() => parseServerUrls(['ftp://a'])).toThrow('http:// or https://');
    expect(() => parseServerUrls(['http://a/?x=1'])).toThrow('base URL');
    expect(() => parseServerUrls([' , '])).toThrow('at least one');
  });
});

describe('server pool', () => {
  const pool = () => new ServerPool(parseServerUrls(['http://a', 'http://b', 'http://c']));

  it('deals devices round-robin', () => {
    const servers = pool();
    expect([0, 1, 2, 3, 4].map((index) => servers.homeOf(index))).toEqual([0, 1, 2, 0, 1]);
  });

  it('sends a device home while home is available', () => {
    expect(pool().choose(1, 1000)).toBe(1);
  });

  it('fails over to the next available server, and goes home after the pause', () => {
    const servers = pool();
    servers.markUnavailable(1, 5000);
    expect(servers.choose(1, 1000)).toBe(2);
    servers.markUnavailable(2, 5000);
    expect(servers.choose(1, 1000)).toBe(0);
    expect(servers.choose(1, 5000)).toBe(1);
  });

  it('picks the server available soonest when none is', () => {
    const servers = pool();
    servers.markUnavailable(0, 9000);
    servers.markUnavailable(1, 3000);
    servers.markUnavailable(2, 6000);
    expect(servers.choose(0, 1000)).toBe(1);
    expect(servers.availableAt(1)).toBe(3000);
  });

  it('never shortens a pause, and clears it when the server answers', () => {
    const servers = pool();
    servers.markUnavailable(0, 9000);
    servers.markUnavailable(0, 2000);
    expect(servers.availableAt(0)).toBe(9000);
    servers.markAvailable(0);
    expect(servers.choose(0, 1000)).toBe(0);
  });
});
