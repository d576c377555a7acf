import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { TestServer } from './test-server';

export type ConsumerStep =
  | { name: string; kind: 'token' }
  | { name: string; kind: 'get'; path: string; version?: 'v1.0' | 'beta' }
  | { name: string; kind: 'post'; path: string; body?: unknown }
  | {
      name: string;
      kind: 'batch';
      version?: 'v1.0' | 'beta';
      requests: {
        id: string;
        path: string;
        method?: string;
        body?: unknown;
        dependsOn?: string[];
      }[];
    }
  | { name: string; kind: 'sync'; pageSize: number };

export interface ConsumerApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface ConsumerError {
  name: string;
  statusCode?: number;
  code?: string;
  message: string;
}

/**
 * Runs test/support/graph-consumer.js — @azure/identity + the Graph client, unmodified — in its
 * own Node process with our development certificate trusted through NODE_EXTRA_CA_CERTS, as a
 * user would. Resolves to each step's result by name.
 */
export function runConsumer(
  server: TestServer,
  app: ConsumerApp,
  steps: ConsumerStep[],
): Promise<Record<string, Record<string, unknown> & { error?: ConsumerError }>> {
  const base = `https://localhost:${new URL(server.httpsUrl!).port}`;
  const job = { ...app, authorityHost: base, graphBase: base, steps };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(__dirname, 'graph-consumer.js')],
      {
        env: {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: join(server.dataDir, 'tls', 'dev-cert.pem'),
          CONSUMER_JOB: JSON.stringify(job),
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`the consumer failed: ${error.message}\n${stderr}`));
          return;
        }
        const lines = stdout.trim().split('\n');
        resolve(JSON.parse(lines[lines.length - 1]) as never);
      },
    );
  });
}
