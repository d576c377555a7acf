import { devicePseudonym, pseudonymousPrincipalName, userPseudonym } from './pseudonyms';

const KEY = 'k'.repeat(43);
const OTHER_KEY = 'o'.repeat(43);
const DEVICE = '6f1c2a9e-3b4d-4e8a-a1b2-0123456789ab';
const TENANT = '0b1e7c55-1f4a-4d0e-9f53-2a7d51c0e111';

describe('pseudonyms', () => {
  it('gives one device the same pseudonym every time, and never its id', () => {
    const pseudonym = devicePseudonym(KEY, DEVICE);
    expect(devicePseudonym(KEY, DEVICE)).toBe(pseudonym);
    expect(devicePseudonym(KEY, DEVICE.toUpperCase())).toBe(pseudonym);
    expect(pseudonym).toMatch(/^[0-9a-f]{32}$/);
    expect(pseudonym).not.toContain(DEVICE.replace(/-/g, '').slice(0, 8));
  });

  it('changes every pseudonym with the key', () => {
    expect(devicePseudonym(OTHER_KEY, DEVICE)).not.toBe(devicePseudonym(KEY, DEVICE));
    expect(userPseudonym(OTHER_KEY, TENANT, 'ann@contoso.example')).not.toBe(
      userPseudonym(KEY, TENANT, 'ann@contoso.example'),
    );
  });

  it('names a user by UPN within a tenant, whatever the case', () => {
    const ann = userPseudonym(KEY, TENANT, 'Ann@Contoso.example');
    expect(userPseudonym(KEY, TENANT, 'ann@contoso.example')).toBe(ann);
    expect(userPseudonym(KEY, TENANT, 'bob@contoso.example')).not.toBe(ann);
    expect(userPseudonym(KEY, DEVICE, 'ann@contoso.example')).not.toBe(ann);
  });

  it('keeps devices and users apart even for the same text', () => {
    expect(devicePseudonym(KEY, 'x')).not.toBe(userPseudonym(KEY, '', 'x'));
  });

  it('shapes a pseudonym as a principal name in a reserved domain', () => {
    expect(pseudonymousPrincipalName('ab12')).toBe('ab12@pseudonym.invalid');
  });
});
