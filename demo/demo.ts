import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Command, CommanderError } from 'commander';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { PLATFORMS } from '../src/rules';
import { AppConfig, ConfigError, loadConfig } from '../src/platform/config/config';
import { createServer, listen } from '../src/server';
import { Tenant } from '../src/platform/database/entities/tenant.entity';
import { TenantsService } from '../src/admin/tenants.service';
import { DeviceChannelClient, parseServerUrls, ServerPool } from '../simulators/client';
import { formatPrivacyView } from '../simulators/cli/privacy-view';
import { progressReporter } from '../simulators/cli/progress';
import { formatSummary, table } from '../simulators/cli/summary-table';
import type { DeviceActionResult } from '../src/graph/managed-devices/device-action-results';
import { AdminApi, AdminApiError } from '../simulators/demo/admin-api';
import { appleFactsOf } from '../simulators/apple-mdm/fleet-facts';
import {
  DEMO_APP_LIST_RULE,
  DEMO_APPS,
  demoCorporateIdentifiers,
  pickActionTargets,
} from '../simulators/demo/demo-setup';
import { planFleet, wipedDevice } from '../simulators/fleet';
import {
  DeviceRecord,
  runSimulation,
  SimulationError,
  SimulationOptions,
  StateFileError,
} from '../simulators/runner';

/**
 * `npm run demo`: the server on its default SQLite database, a demo tenant set up through the
 * Graph admin API, ~200 simulated devices checking in (iPhones, iPads and Macs over Apple's MDM
 * protocol, Android and Windows over the JSON channel), remote actions and an ownership change,
 * one device's privacy view — then the server keeps running for you to query until Ctrl-C.
 * A second run reuses the tenant and resumes the same fleet (`--fresh` starts over).
 */

/** The demo fleet: a mid-size tenant with a few of the real world's defects. */
const FLEET = {
  seed: 2025,
  defects: { duplicateSerial: 0.01, reEnrollment: 0.02 },
} satisfies SimulationOptions['fleet'];

interface DemoTenant {
  tenantId: string;
  enrollmentToken: string;
  adminToken: string;
  adminUserPrincipalName: string;
}

export interface DemoFlags {
  devices: number;
  checkins: number;
  fresh?: boolean;
  serve: boolean;
}

const say = (line = '') => console.log(line);

export async function demo(flags: DemoFlags): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const files = {
    tenant: join(config.dataDir, 'demo-tenant.json'),
    fleet: join(config.dataDir, 'demo-fleet.json'),
    log: join(config.dataDir, 'demo-server.log'),
  };
  if (flags.fresh) for (const file of [files.tenant, files.fleet]) rmSync(file, { force: true });

  const app = await createServer(config, {
    logDestination: pino.destination({ dest: files.log, sync: false }),
  });
  const url = await listenOn(app, config);
  const where =
    config.database.kind === 'sqlite' ? `SQLite, ${shown(config.database.file)}` : 'PostgreSQL';
  say(`Device Inventory Collector — demo`);
  say(`  server    ${url}  (${where}; its log: ${shown(files.log)})`);

  const { tenant, created } = await demoTenant(app, files);
  if (created) rmSync(files.fleet, { force: true });
  const admin = new AdminApi(url, tenant.adminToken);
  say(
    `  tenant    Contoso (demo), ${tenant.tenantId} — ${created ? 'created' : `reused from ${shown(files.tenant)}`}`,
  );
  if (created) await setUpTenant(admin, flags.devices);
  say();

  say(
    `Simulating ${flags.devices} devices, ${flags.checkins} check-ins each (seed ${FLEET.seed}; fleet state in ${shown(files.fleet)})`,
  );
  say(
    `  iPhones, iPads and Macs enroll through Apple MDM (profile ${url}/mdm/apple/enroll?token=…&type=device|user) and poll it;`,
  );
  say('  Android and Windows devices use the JSON device channel');
  const base: SimulationOptions = {
    servers: [url],
    enrollmentToken: tenant.enrollmentToken,
    devices: flags.devices,
    fleet: FLEET,
    concurrency: 16,
    unfilteredAgents: 0.05,
    appleMdm: {},
    stateFile: files.fleet,
  };
  const progress = progressReporter(process.stderr, 'auto');
  const first = await runSimulation({
    ...base,
    checkIns: flags.checkins,
    onProgress: (p) => progress.update(p),
    onError: (message) => progress.log(`error: ${message}`),
  });
  progress.stop();
  say();
  say(formatSummary(first.summary));
  say();
  const noncompliant = await admin.get<{ '@odata.count': number }>(
    "/v1.0/deviceManagement/managedDevices?$filter=complianceState eq 'noncompliant'&$count=true&$top=1",
  );
  say(
    `  ${noncompliant['@odata.count']} Android devices have TikTok or Telegram: noncompliant under "${DEMO_APP_LIST_RULE.displayName}"`,
  );
  say();

  const records = await remoteActions(admin, first.records, base);
  const viewed = await privacyView(url, records);
  tryIt(url, tenant, files.fleet, viewed);
  say();
  say('Admin console (in a browser)');
  say(`  open      ${url}/`);
  say(`  sign in   ${tenant.adminToken}    # admin token of ${tenant.adminUserPrincipalName}`);
  if (flags.serve) {
    say();
    say('The server keeps running for you to query; Ctrl-C stops it.');
  } else await app.close();
}

/** Listens on PORT (and HTTPS_PORT when set); the base URL devices and curl use. */
async function listenOn(app: NestFastifyApplication, config: AppConfig): Promise<string> {
  try {
    const urls = await listen(app, config);
    const bound = new URL(urls.http);
    if (bound.hostname === '0.0.0.0' || bound.hostname === '[::]') bound.hostname = '127.0.0.1';
    return bound.href.replace(/\/$/, '');
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new DemoError(
        'a port is in use (is `npm start` running?). Stop that server, or pick another port: PORT=3100 npm run demo',
      );
    }
    throw error;
  }
}

/** The tenant of an earlier demo run if it is still in the database, else a new one. */
async function demoTenant(
  app: NestFastifyApplication,
  files: { tenant: string },
): Promise<{ tenant: DemoTenant; created: boolean }> {
  if (existsSync(files.tenant)) {
    const saved = JSON.parse(readFileSync(files.tenant, 'utf8')) as DemoTenant;
    const exists = await app.get(DataSource).getRepository(Tenant).existsBy({ id: saved.tenantId });
    if (exists) return { tenant: saved, created: false };
  }
  const created = await app.get(TenantsService).createTenant('Contoso (demo)', 'admin@contoso.com');
  const tenant: DemoTenant = {
    tenantId: created.tenantId,
    enrollmentToken: created.enrollmentToken,
    adminToken: created.adminToken,
    adminUserPrincipalName: created.adminUserPrincipalName,
  };
  writeFileSync(files.tenant, JSON.stringify(tenant, null, 2), { mode: 0o600 });
  return { tenant, created: true };
}

/** Deployed apps, corporate identifiers and an app-list rule, through the Graph admin API. */
async function setUpTenant(admin: AdminApi, devices: number): Promise<void> {
  let deployed = 0;
  for (const platform of PLATFORMS) {
    for (const app of DEMO_APPS[platform]) {
      await admin.deployApp(platform, app, app.intent);
      deployed++;
    }
  }
  const { identities } = demoCorporateIdentifiers(planFleet(FLEET), devices, 0.15);
  if (identities.length > 0) await admin.importCorporateIdentifiers(identities);
  await admin.createAppListRule(DEMO_APP_LIST_RULE.platform, DEMO_APP_LIST_RULE);
  say(
    `            ${deployed} deployed apps, ${identities.length} corporate identifiers (IMEIs, serials) imported, ` +
      `app-list compliance rule "${DEMO_APP_LIST_RULE.displayName}"`,
  );
}

/**
 * A few remote actions and an ownership change, then one more check-in of every device, in which
 * the devices carry them out.
 */
async function remoteActions(
  admin: AdminApi,
  records: DeviceRecord[],
  base: SimulationOptions,
): Promise<DeviceRecord[]> {
  const targets = pickActionTargets(records);
  const idOfSynced = targets.sync && (await deviceIdOf(admin, targets.sync));
  if (targets.sync && !idOfSynced) delete targets.sync;
  const rows: string[][] = [['request', 'device', 'platform', 'ownership', 'channel']];
  const row = (request: string, record: DeviceRecord) =>
    rows.push([
      request,
      record.deviceId ?? idOfSynced!,
      record.platform!,
      record.ownership!,
      record.protocol === 'apple-mdm' ? 'Apple MDM' : 'JSON',
    ]);
  if (targets.locate) {
    await admin.remoteAction(targets.locate.deviceId!, 'locateDevice');
    row('locateDevice', targets.locate);
  }
  if (targets.sync) {
    await admin.remoteAction(idOfSynced!, 'syncDevice');
    row('syncDevice', targets.sync);
  }
  if (targets.wipe) {
    await admin.remoteAction(targets.wipe.deviceId!, 'wipe');
    row('wipe', targets.wipe);
  }
  if (targets.retire) {
    await admin.remoteAction(targets.retire.deviceId!, 'retire');
    row('retire', targets.retire);
  }
  if (targets.ownership) {
    await admin.setOwnership(targets.ownership.deviceId!, 'company');
    row('managedDeviceOwnerType → company', targets.ownership);
  }
  say('Remote actions and an ownership change, through the Graph admin API');
  say(table(rows, '  ', false));
  const after = await runSimulation({ ...base, checkIns: 1 });
  const outcomes = { ...after.summary.commands };
  if (targets.sync?.protocol === 'apple-mdm') {
    // An Apple device answers Apple commands (DeviceInformation for a sync); what became of the
    // action is the server's to say.
    const device = await admin.get<{ deviceActionResults?: DeviceActionResult[] }>(
      `/v1.0/deviceManagement/managedDevices/${idOfSynced}`,
    );
    const state = device.deviceActionResults?.find(
      (r) => r.actionName === 'syncDevice',
    )?.actionState;
    const counted = outcomes.syncDevice ?? { done: 0, failed: 0 };
    outcomes.syncDevice = {
      done: counted.done + (state === 'done' ? 1 : 0),
      failed: counted.failed + (state === 'failed' ? 1 : 0),
    };
  }
  const carried = Object.entries(outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, { done, failed }]) => [action, String(done), String(failed)]);
  say(
    `  then one more check-in per device (${after.summary.checkIns.ok} check-ins, Apple MDM polls and their command answers included): carried out`,
  );
  say(table([['action', 'done', 'failed'], ...carried], '    '));
  if (targets.locate) {
    const device = await admin.get<{ deviceActionResults?: DeviceActionResult[] }>(
      `/v1.0/deviceManagement/managedDevices/${targets.locate.deviceId}`,
    );
    const located = device.deviceActionResults?.find((r) => r.actionName === 'locateDevice');
    const where = located?.deviceLocation;
    if (where) {
      say(
        `    located: ${where.latitude}, ${where.longitude} (±${where.horizontalAccuracy ?? '?'} m) — deviceActionResults of GET managedDevices/{id}`,
      );
    }
  }
  if (targets.wipe) {
    const wiped = after.records[targets.wipe.index];
    say(`    the wiped device enrolled again as a new device: ${wiped.deviceId ?? '(not yet)'}`);
  }
  if (targets.ownership) {
    say(
      `    ${targets.ownership.deviceId} is now ${after.records[targets.ownership.index].ownership}: its full app inventory is collected`,
    );
  }
  say();
  return after.records;
}

/**
 * The id the server gave an Apple MDM device, found by its serial number (Apple's protocol does
 * not tell the device); null when the serial is not one device's.
 */
async function deviceIdOf(admin: AdminApi, record: DeviceRecord): Promise<string | null> {
  if (record.deviceId) return record.deviceId;
  const facts = appleFactsOf(wipedDevice(planFleet(FLEET), record.index, record.generation));
  if (!facts) return null;
  const found = await admin.get<{ value: { id: string }[] }>(
    `/v1.0/deviceManagement/managedDevices?$filter=serialNumber eq '${facts.serialNumber}'&$select=id`,
  );
  return found.value.length === 1 ? found.value[0].id : null;
}

/** Prints the privacy view of an enrolled personal device; returns its id. */
async function privacyView(url: string, records: DeviceRecord[]): Promise<string | undefined> {
  // The view is asked for with the device's credential: a device on the JSON channel.
  const enrolledPersonal = (r: DeviceRecord) =>
    r.status === 'enrolled' && r.ownership === 'personal' && r.deviceCredential !== undefined;
  const personal =
    records.find((r) => enrolledPersonal(r) && r.platform === 'ios') ??
    records.find(enrolledPersonal);
  if (!personal) return undefined;
  const client = new DeviceChannelClient(new ServerPool(parseServerUrls([url])));
  try {
    const view = await client.privacyView(personal.deviceId!, personal.deviceCredential!, 0);
    say(
      `A personal device's privacy view (GET /enrollment/v1/devices/{id}/privacy, as the device user sees it)`,
    );
    say(formatPrivacyView(view.body));
    say();
    return personal.deviceId;
  } finally {
    client.close();
  }
}

function tryIt(url: string, tenant: DemoTenant, fleetFile: string, device = '0'): void {
  const query = (path: string) =>
    `  curl -s -H "Authorization: Bearer $TOKEN" "${url}/v1.0/${path.replace(/\$/g, '\\$').replace(/ /g, '%20')}"`;
  say('Try it');
  say(`  TOKEN=${tenant.adminToken}    # admin token of ${tenant.adminUserPrincipalName}`);
  say(query('deviceManagement/managedDeviceOverview'));
  say(
    query(
      "deviceManagement/managedDevices?$filter=managedDeviceOwnerType eq 'personal'&$select=deviceName,operatingSystem,phoneNumber&$top=5",
    ),
  );
  say(query('deviceManagement/detectedApps?$orderby=deviceCount desc&$top=10'));
  say(query('deviceAppManagement/mobileApps'));
  say(`  API reference (OpenAPI): ${url}/docs`);
  say('  More check-ins of the same fleet, or one device’s privacy view:');
  say(
    `  npm run simulate -- --protocol apple-mdm --server ${url} --enrollment-token ${tenant.enrollmentToken} --state-file ${shown(fleetFile)} --seed ${FLEET.seed} --duplicate-serial ${FLEET.defects.duplicateSerial} --re-enrollment ${FLEET.defects.reEnrollment} --checkins 5`,
  );
  say(`  npm run simulate -- privacy --device ${device} --state-file ${shown(fleetFile)}`);
}

class DemoError extends Error {}

/** A path as short as it can be said: relative when under the working directory. */
function shown(path: string): string {
  const under = relative(process.cwd(), path);
  return under.startsWith('..') ? path : under;
}

if (require.main === module) {
  const program = new Command('demo')
    .description('Start the server with a demo tenant and a simulated fleet')
    .option('--devices <n>', 'devices in the demo fleet', (v) => Number.parseInt(v, 10), 200)
    .option('--checkins <n>', 'check-ins per device', (v) => Number.parseInt(v, 10), 3)
    .option('--fresh', 'a new tenant and a new fleet instead of the last demo’s')
    .option('--no-serve', 'exit at the end instead of leaving the server running')
    .exitOverride()
    .action(async (flags: DemoFlags) => demo(flags));
  program.parseAsync(process.argv).catch((error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    const known = [DemoError, ConfigError, SimulationError, StateFileError, AdminApiError].some(
      (type) => error instanceof type,
    );
    console.error(known ? `Error: ${(error as Error).message}` : error);
    process.exit(1);
  });
}
