import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/platform/config/config';
import { encodePlist } from '../src/device-channel/contract/apple-plist';
import { COMMAND_CONTENT_TYPE, SIGNATURE_HEADER } from '../src/device-channel/contract/apple-mdm';
import { DEVICE_INFORMATION_QUERIES } from '../src/device-channel/apple-mdm/commands';
import { createServer, listen } from '../src/server';
import { TenantsService } from '../src/admin/tenants.service';
import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { supervisedCorporateIphone } from '../test/support/apple-mdm-devices';

/**
 * `npm run bench:apple-mdm` — Apple MDM check-ins per second on SQLite: an enrolled iPhone's Idle
 * poll (nothing queued: verify the signature, one empty check-in, an empty answer) and its answer
 * to DeviceInformation (free storage changed: a hardware update). Bodies are signed beforehand, the
 * server runs in this process, and every device sends one message at a time (as Apple's do).
 *
 *   npm run bench:apple-mdm -- --devices 32 --seconds 10 --answers 20 --required-apps 0
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const DEVICES = option('devices', 32);
const SECONDS = option('seconds', 10);
const ANSWERS = option('answers', 20);
/**
 * `--required-apps N`: the tenant requires N iOS apps; each iPhone installs them while it enrolls,
 * so that its Idle polls are measured with the app assignments the server checks at every poll.
 */
const REQUIRED_APPS = option('required-apps', 0);
/** `--profile <file>`: a CPU profile of the Idle phase (bench/profile-summary.ts reads it). */
const PROFILE = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : null;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'apple-mdm-bench-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
    DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    RETENTION_SCHEDULE: 'off',
    RATE_LIMIT_DEVICE_CHECKINS: '0',
  });
  const app = await createServer(config);
  const { http } = await listen(app, { port: 0, host: '127.0.0.1' });
  const tenant = await app.get(TenantsService).createTenant('Bench');
  const database = app.get(DataSource);
  try {
    for (let n = 0; n < REQUIRED_APPS; n++) {
      const graph = async (path: string, body: unknown) => {
        const response = await fetch(`${http}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tenant.adminToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response.status === 204 ? null : ((await response.json()) as { id: string });
      };
      const created = await graph('/v1.0/deviceAppManagement/mobileApps', {
        '@odata.type': '#microsoft.graph.iosStoreApp',
        displayName: `Required ${n}`,
        bundleId: `com.example.required${n}`,
      });
      await graph(`/v1.0/deviceAppManagement/mobileApps/${created!.id}/assign`, {
        mobileAppAssignments: [
          {
            intent: 'required',
            target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
          },
        ],
      });
    }
    const devices: AppleMdmDevice[] = [];
    for (let n = 0; n < DEVICES; n++) {
      const device = new AppleMdmDevice(supervisedCorporateIphone(700_000 + n));
      device.installProfile(
        await fetchProfile(
          `${http}/mdm/apple/enroll?token=${encodeURIComponent(tenant.enrollmentToken)}&type=device`,
        ),
      );
      await device.enroll();
      await device.poll();
      devices.push(device);
    }
    const serverUrl = `${http}/mdm/apple/server`;
    const put = async (body: Buffer, signature: string) => {
      const response = await fetch(serverUrl, {
        method: 'PUT',
        headers: { 'content-type': COMMAND_CONTENT_TYPE, [SIGNATURE_HEADER]: signature },
        body: new Uint8Array(body),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    };

    // Idle polls: the same signed body again and again, one in flight per device.
    const idle = devices.map((device) => {
      const body = Buffer.from(encodePlist({ Status: 'Idle', ...device.ids() }));
      return { body, signature: device.sign(body) };
    });
    let polls = 0;
    const session = PROFILE ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const until = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      idle.map(async ({ body, signature }) => {
        while (Date.now() < until) {
          await put(body, signature);
          polls++;
        }
      }),
    );
    const idleSeconds = (Date.now() - started) / 1000;
    const idleCpu = process.cpuUsage(cpuBefore);
    if (session && PROFILE) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(PROFILE, JSON.stringify(profile));
      session.disconnect();
    }

    // DeviceInformation answers: each to a command the server sent, free storage a little lower each time.
    const answers = await Promise.all(
      devices.map(async (device) => {
        const [enrollment] = await database.query(
          'SELECT e.id FROM apple_mdm_enrollment e JOIN device d ON d.id = e.device_id WHERE e.udid = ?',
          [device.facts.udid],
        );
        const signed: { body: Buffer; signature: string }[] = [];
        for (let i = 0; i < ANSWERS; i++) {
          const uuid = randomUUID();
          await database.query(
            `INSERT INTO apple_mdm_command (command_uuid, enrollment_id, request_type, payload, status, queued_at, sent_at)
             VALUES (?, ?, 'DeviceInformation', NULL, 'sent', ?, ?)`,
            [uuid, (enrollment as { id: string }).id, Date.now(), Date.now()],
          );
          device.facts.availableGb -= 0.01;
          const full = device.answer({
            RequestType: 'DeviceInformation',
            Queries: [...DEVICE_INFORMATION_QUERIES],
          });
          const body = Buffer.from(encodePlist({ ...full, CommandUUID: uuid, ...device.ids() }));
          signed.push({ body, signature: device.sign(body) });
        }
        return signed;
      }),
    );
    const inventoryCpuBefore = process.cpuUsage();
    const inventoryStarted = Date.now();
    await Promise.all(
      answers.map(async (signed) => {
        for (const { body, signature } of signed) await put(body, signature);
      }),
    );
    const inventorySeconds = (Date.now() - inventoryStarted) / 1000;
    const inventoryCpu = process.cpuUsage(inventoryCpuBefore);
    const inventoryCount = DEVICES * ANSWERS;
    const ms = (cpu: NodeJS.CpuUsage, count: number) =>
      ((cpu.user + cpu.system) / 1000 / count).toFixed(2);
    console.log(
      `Apple MDM on SQLite, ${DEVICES} iPhones, ${REQUIRED_APPS} required apps, one message in flight each; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `  Idle poll:                ${(polls / idleSeconds).toFixed(0)}/s (${polls} in ${idleSeconds.toFixed(1)} s; ${ms(idleCpu, polls)} ms CPU each, client and server)`,
    );
    console.log(
      `  DeviceInformation answer: ${(inventoryCount / inventorySeconds).toFixed(0)}/s (${inventoryCount} in ${inventorySeconds.toFixed(1)} s; ${ms(inventoryCpu, inventoryCount)} ms CPU each, client and server)`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
