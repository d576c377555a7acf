import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/platform/config/config';
import { createServer } from '../../src/server';
import { TenantsService } from '../../src/admin/tenants.service';
import { countPgRoundTrips, takePgCounts } from './pg-round-trips';

/**
 * Our server, as `npm start` runs it (configuration from the environment), in a process of its own
 * forked by bench/run.ts: it reports its URL over IPC and creates a tenant when asked.
 */
async function main(): Promise<void> {
  if (process.env.BENCH_COUNT_PG === '1') countPgRoundTrips();
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const app = await createServer(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const inspector = new Session();
  inspector.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((done, fail) =>
      inspector.post(method, params, (error, result) => (error ? fail(error) : done(result))),
    );
  let allocations = false;
  process.on('message', (message: { type: string; file?: string; allocations?: boolean }) => {
    if (message.type === 'profile-start') {
      // A CPU profile of one scenario only (bench/run.ts --profile), and with
      // --profile-allocations a sampled allocation profile of it instead (where the garbage comes from).
      allocations = message.allocations === true;
      const start = allocations
        ? post('HeapProfiler.enable').then(() =>
            // Collected objects too: the garbage is the point.
            post('HeapProfiler.startSampling', {
              includeObjectsCollectedByMajorGC: true,
              includeObjectsCollectedByMinorGC: true,
            }),
          )
        : post('Profiler.enable')
            .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
            .then(() => post('Profiler.start'));
      void start.then(() => process.send!({ profiling: true }));
    } else if (message.type === 'profile-stop') {
      const stop = allocations
        ? post('HeapProfiler.stopSampling').then((result) => ({
            file: message.file!.replace(/\.cpuprofile$/, '.heapprofile'),
            profile: (result as { profile: unknown }).profile,
          }))
        : post('Profiler.stop').then((result) => ({
            file: message.file!,
            profile: (result as { profile: unknown }).profile,
          }));
      void stop.then(({ file, profile }) => {
        writeFileSync(file, JSON.stringify(profile));
        process.send!({ profiled: file });
      });
    } else if (message.type === 'pg-counts') {
      process.send!({ pgCounts: takePgCounts() });
    } else if (message.type === 'heap-snapshot') {
      // What holds the heap after 1–3 (bench/run.ts --heap-snapshot); the snapshot collects first.
      const chunks: string[] = [];
      inspector.on('HeapProfiler.addHeapSnapshotChunk', (m) => chunks.push(m.params.chunk));
      void post('HeapProfiler.takeHeapSnapshot').then(() => {
        writeFileSync(message.file!, chunks.join(''));
        process.send!({ heapSnapshot: message.file });
      });
    } else if (message.type === 'memory') {
      process.send!({ memory: process.memoryUsage() });
    } else if (message.type === 'tenant') {
      void app
        .get(TenantsService)
        .createTenant(`Bench ${Date.now()}`)
        .then((tenant) => process.send!({ tenant }));
    } else if (message.type === 'stop') {
      void app.close().then(() => process.exit(0));
    }
  });
  process.send!({ url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
