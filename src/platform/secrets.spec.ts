import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecrets } from './secrets';

describe('server secrets', () => {
  let dataDir: string;
  const none = { tokenPepper: null, pseudonymKey: null };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dic-secrets-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes the token pepper and the pseudonym key once, apart, readable by the owner only', () => {
    const first = loadOrCreateSecrets(dataDir, none);
    expect(first.tokenPepper.length).toBeGreaterThanOrEqual(32);
    expect(first.pseudonymKey.length).toBeGreaterThanOrEqual(32);
    expect(first.pseudonymKey).not.toBe(first.tokenPepper);
    for (const file of ['secrets.json', 'pseudonym-key.json']) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(first.pseudonymKey);
    expect(loadOrCreateSecrets(dataDir, none)).toEqual(first);
  });

  it('takes each secret from the environment when given, without writing it', () => {
    const fromEnv = loadOrCreateSecrets(dataDir, {
      tokenPepper: null,
      pseudonymKey: 'p'.repeat(40),
    });
    expect(fromEnv.pseudonymKey).toBe('p'.repeat(40));
    expect(() => statSync(join(dataDir, 'pseudonym-key.json'))).toThrow();
  });

  it('adds a pseudonym key next to a token pepper kept before it existed', () => {
    const { tokenPepper } = loadOrCreateSecrets(dataDir, { ...none, pseudonymKey: 'x'.repeat(40) });
    const later = loadOrCreateSecrets(dataDir, none);
    expect(later.tokenPepper).toBe(tokenPepper);
    expect(later.pseudonymKey).not.toBe('x'.repeat(40));
  });
});
