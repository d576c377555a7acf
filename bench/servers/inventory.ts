import { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config';
import { createServer } from '../../src/server';
import { TenantsService } from '../../src/tenants/tenants.service';

/**
 * Our server, as `npm start` runs it (configuration from the environment), in a process of its own
 * forked by bench/run.ts: it reports its URL over IPC and creates a tenant when asked.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const app = await createServer(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.on('message', (message: { type: string }) => {
    if (message.type === 'tenant') {
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
