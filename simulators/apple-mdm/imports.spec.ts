import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Apple MDM simulator knows the protocol from Apple's schema, not from the server: of src/ it
 * may import only the device channel's wire contract (src/device-channel/contract).
 */
describe('the Apple MDM simulator', () => {
  it('imports nothing from src/ but the wire contract', () => {
    const offending: string[] = [];
    for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(__dirname, file), 'utf8');
      for (const [, path] of source.matchAll(/from '([^']+)'/g)) {
        if (path.includes('/src/') && !path.includes('/src/device-channel/contract/')) {
          offending.push(`${file}: ${path}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
