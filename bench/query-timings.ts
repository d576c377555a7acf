/**
 * Times the Graph query API on a seeded database (see bench/seed-devices.ts), through HTTP like a
 * client: p50/p95/max per scenario after a warm-up, sequential requests.
 *
 *   DATABASE_URL=sqlite:data/bench.sqlite npx ts-node --transpile-only bench/query-timings.ts <admin token>
 */
import { loadConfig } from '../src/platform/config/config';
import { createServer, listen } from '../src/server';

const RUNS = Number(process.env.RUNS ?? 200);
const WARM_UP = 20;

type Page = { value: { id: string }[]; '@odata.nextLink'?: string };

async function main(): Promise<void> {
  const token = process.argv[2];
  if (!token) throw new Error('usage: query-timings.ts <admin token>');
  const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  const app = await createServer(config);
  const { http } = await listen(app, { port: 0, host: '127.0.0.1' });
  const get = async (path: string): Promise<Page> => {
    const response = await fetch(path.startsWith('http') ? path : `${http}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as Page;
    if (response.status !== 200) throw new Error(`${path}: ${JSON.stringify(body)}`);
    return body;
  };

  const base = '/v1.0/deviceManagement';
  const sample = await get(`${base}/managedDevices?$top=1&$select=id,userPrincipalName`);
  const deviceId = sample.value[0].id;
  const upn = (sample.value[0] as { userPrincipalName?: string }).userPrincipalName;

  // Deep pages: walk 500 pages of 100 by $skiptoken, then time the pages that follow.
  let deep = `${base}/managedDevices?$orderby=deviceName&$top=100&$select=id,deviceName`;
  for (let i = 0; i < 500; i++) deep = (await get(deep))['@odata.nextLink'] ?? deep;
  const deepLinks: string[] = [];
  let link = deep;
  for (let i = 0; i < 40; i++) {
    deepLinks.push(link);
    link = (await get(link))['@odata.nextLink'] ?? deep;
  }

  const scenarios: [string, () => string][] = [
    ['list, default order, $top=100', () => `${base}/managedDevices?$top=100`],
    [
      '$filter OS+compliance, $orderby lastSyncDateTime desc, $top=100',
      () =>
        `${base}/managedDevices?$filter=operatingSystem eq 'Windows' and complianceState eq 'compliant'&$orderby=lastSyncDateTime desc&$top=100`,
    ],
    [
      '$filter manufacturer eq, $orderby deviceName, $top=100',
      () => `${base}/managedDevices?$filter=manufacturer eq 'LENOVO'&$orderby=deviceName&$top=100`,
    ],
    [
      '$filter userPrincipalName eq (one device)',
      () => `${base}/managedDevices?$filter=userPrincipalName eq '${upn}'`,
    ],
    [
      '$filter startswith(deviceName), $top=100',
      () => `${base}/managedDevices?$filter=startswith(deviceName,'WINDOWS-00')&$top=100`,
    ],
    [
      '$filter lastSyncDateTime range, $count=true, $top=100',
      () =>
        `${base}/managedDevices?$filter=lastSyncDateTime ge 2020-01-01T00:00:00Z and freeStorageSpaceInBytes lt 20000000000&$count=true&$top=100`,
    ],
    ['$search serial, $top=100', () => `${base}/managedDevices?$search="F0000001"&$top=100`],
    ['$skiptoken deep page (~50,000th device)', () => deepLinks[Math.floor(Math.random() * 40)]],
    [
      'detectedApps top 100 by deviceCount',
      () => `${base}/detectedApps?$orderby=deviceCount desc&$top=100`,
    ],
    [
      'one device with its detected apps (2 requests)',
      () => `${base}/managedDevices/${deviceId}|${base}/managedDevices/${deviceId}/detectedApps`,
    ],
    ['managedDeviceOverview', () => `${base}/managedDeviceOverview`],
  ];

  console.log(`| scenario | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|`);
  for (const [name, path] of scenarios) {
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const started = performance.now();
      for (const part of path().split('|')) await get(part);
      if (i >= WARM_UP) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    console.log(
      `| ${name} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${times[times.length - 1].toFixed(1)} |`,
    );
  }
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
