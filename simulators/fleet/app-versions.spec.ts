import fc from 'fast-check';
import { compareVersions, newerVersion, olderVersion, sizeInBytes } from './app-versions';

const versions = fc
  .array(fc.integer({ min: 0, max: 30000 }), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('.'));

describe('app versions', () => {
  it('orders numerically, part by part', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('16.0.19127.20222', '16.0.19127.20222')).toBe(0);
    expect(compareVersions('6.2.8-223', '6.2.8-224')).toBe(-1);
  });

  it('makes a newer version newer and an older one older (or the same at the floor)', () => {
    fc.assert(
      fc.property(versions, fc.integer({ min: 1, max: 4 }), (version, steps) => {
        expect(compareVersions(newerVersion(version), version)).toBe(1);
        const older = olderVersion(version, steps);
        expect(compareVersions(older, version)).toBeLessThanOrEqual(0);
        if (older === version)
          expect(
            version
              .split('.')
              .map(Number)
              .slice(-2)
              .every((n) => n < steps),
          ).toBe(true);
      }),
    );
  });

  it('keeps zero padding and separators', () => {
    expect(olderVersion('101.25082.0007', 2)).toBe('101.25082.0005');
    expect(newerVersion('6.2.8-223')).toBe('6.2.8-224');
    expect(olderVersion('16.101.1', 2)).toBe('16.100.9');
    expect(olderVersion('0.1', 2)).toBe('0.1');
  });

  it('gives one version of an app one size, near the catalogue size', () => {
    const size = sizeInBytes('com.microsoft.Office.Outlook', '4.2542.0', 320);
    expect(sizeInBytes('com.microsoft.Office.Outlook', '4.2542.0', 320)).toBe(size);
    expect(size).toBeGreaterThan(0.9 * 320e6);
    expect(size).toBeLessThan(1.1 * 320e6);
  });
});
