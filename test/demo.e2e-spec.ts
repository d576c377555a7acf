import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demo } from '../demo/demo';
import { loadState } from '../simulators/runner';

/** `npm run demo` on a fresh data directory, then again on the same one. */
describe('npm run demo', () => {
  let dir: string;
  const saved = { ...process.env };
  let output: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dic-demo-'));
    process.env.DATA_DIR = dir;
    process.env.PORT = '0';
    delete process.env.DATABASE_URL;
    delete process.env.HTTPS_PORT;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    output = [];
    jest.spyOn(console, 'log').mockImplementation((line = '') => void output.push(String(line)));
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  const run = () => demo({ devices: 40, checkins: 2, serve: false }).then(() => output.join('\n'));

  it('sets up a tenant, runs the fleet, acts on devices and shows where to look', async () => {
    const text = await run();
    expect(text).toMatch(/tenant {4}Contoso \(demo\), [0-9a-f-]{36} — created/);
    expect(text).toMatch(/10 deployed apps, \d+ corporate identifiers/);
    expect(text).toMatch(/all platforms(\s+\d+){3}\s+40\n/);
    // 40 devices × 2 scheduled check-ins; the Apple devices' answers to inventory commands are
    // follow-ups on top.
    const [, ok, failed, followUps] =
      /Check-ins\s+ok\s+failed\s+follow-ups[^\n]*\n\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text)!;
    expect({ scheduled: Number(ok) - Number(followUps), failed }).toEqual({
      scheduled: 80,
      failed: '0',
    });
    expect(text).toMatch(/Apple MDM commands answered[^\n]*\n\s+request type\s+Acknowledged\n/);
    for (const requestType of ['DeviceInformation', 'ManagedApplicationList'])
      expect(text).toMatch(new RegExp(`\\n {2}${requestType}\\s+[1-9]\\d*\\n`));
    expect(text).toMatch(/syncDevice\s+[0-9a-f-]{36}\s+macos\s+corporate\s+Apple MDM/);
    expect(text).toContain('noncompliant under "Android: no TikTok or Telegram"');
    for (const action of ['locateDevice', 'wipe', 'retire', 'syncDevice'])
      expect(text).toMatch(new RegExp(`\\n {4}${action}\\s+1\\s+0`));
    expect(text).toMatch(/is now corporate: its full app inventory is collected/);
    expect(text).toMatch(/the wiped device enrolled again as a new device: [0-9a-f-]{36}/);
    expect(text).toMatch(
      /What the organization can see on device [0-9a-f-]{36}\n\(\w+, \w+, personal\)/,
    );
    expect(text).toMatch(/TOKEN=adm_\S+ +# admin token of admin@contoso.com/);
    expect(text).toContain('/v1.0/deviceManagement/managedDeviceOverview');
    // The console: where to open it and the token to sign in with (the tenant's administrator).
    const token = text.match(/TOKEN=(adm_\S+)/)?.[1];
    expect(text).toMatch(
      /Admin console \(in a browser\)\n {2}open {6}http:\/\/127\.0\.0\.1:\d+\/\n/,
    );
    expect(text).toContain(`  sign in   ${token}    # admin token of admin@contoso.com`);
  });

  it('enrolls the iPhones, iPads and Macs through Apple MDM, and the other platforms over JSON', () => {
    const state = loadState(join(dir, 'demo-fleet.json'))!;
    const apple = state.devices.filter((d) => d.platform === 'ios' || d.platform === 'macos');
    expect(apple.length).toBeGreaterThan(5);
    for (const device of state.devices) {
      const overAppleMdm = device.platform === 'ios' || device.platform === 'macos';
      expect({
        platform: device.platform,
        protocol: device.protocol,
        identity: device.appleIdentity !== undefined,
        credential: device.deviceCredential !== undefined,
      }).toEqual({
        platform: device.platform,
        protocol: overAppleMdm ? 'apple-mdm' : undefined,
        identity: overAppleMdm && device.status === 'enrolled',
        credential: !overAppleMdm && device.status === 'enrolled',
      });
    }
  });

  it('reuses the tenant and resumes the fleet when run again', async () => {
    const text = await run();
    expect(text).toMatch(/— reused from /);
    expect(text).toMatch(/Enrollments\s+ok\s+failed\s+after wipe\n\s+0\s+0\s+0/);
    // The Apple devices kept their identities (and met the server at its new port).
    expect(text).toMatch(/Check-ins\s+ok\s+failed[^\n]*\n\s+\d+\s+0\s/);
  });
});
