import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config';
import { definedOnly, sharedEnvironment } from './cluster';

describe('what the instances of a cluster share', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dic-cluster-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const postgres = () => ({
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/inventory',
    DATA_DIR: dataDir,
  });

  it('refuses several instances on SQLite, and allows one', async () => {
    const sqlite = { DATABASE_URL: `sqlite:${join(dataDir, 'x.sqlite')}`, DATA_DIR: dataDir };
    await expect(sharedEnvironment(sqlite, 2)).rejects.toThrow(ConfigError);
    await expect(sharedEnvironment(sqlite, 2)).rejects.toThrow(/PostgreSQL/);
    await expect(sharedEnvironment(sqlite, 1)).resolves.toMatchObject({ DATA_DIR: dataDir });
  });

  it('passes the same secrets to every instance: the given ones, else those kept in DATA_DIR', async () => {
    const given = { TOKEN_PEPPER: 'p'.repeat(40), PSEUDONYM_KEY: 'k'.repeat(40) };
    expect(await sharedEnvironment({ ...postgres(), ...given }, 3)).toMatchObject(given);
    const first = await sharedEnvironment(postgres(), 2);
    const second = await sharedEnvironment(postgres(), 2);
    expect(first.TOKEN_PEPPER).toHaveLength(43);
    expect(first.PSEUDONYM_KEY).toHaveLength(43);
    expect(first.PSEUDONYM_KEY).not.toBe(first.TOKEN_PEPPER);
    expect(second).toEqual(first);
  });

  it('makes the development certificate once and names it for every instance', async () => {
    const env = await sharedEnvironment({ ...postgres(), HTTPS_PORT: '3443' }, 2);
    expect(env.TLS_CERT).toBe(join(dataDir, 'tls', 'dev-cert.pem'));
    expect(env.TLS_KEY).toBe(join(dataDir, 'tls', 'dev-key.pem'));
    expect(existsSync(env.TLS_CERT!) && existsSync(env.TLS_KEY!)).toBe(true);
  });

  it('leaves unset variables out of a child’s environment', () => {
    expect(definedOnly({ A: '1', B: undefined })).toEqual({ A: '1' });
  });
});
