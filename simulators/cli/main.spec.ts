import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullServer, startNullServer } from '../bench/null-server';
import { buildProgram } from './main';

describe('simulate CLI', () => {
  let server: NullServer;
  let dir: string;
  let output: string[];
  let errors: string[];
  beforeEach(async () => {
    server = await startNullServer();
    dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    output = [];
    errors = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    jest
      .spyOn(console, 'error')
      .mockImplementation((line: string) => void errors.push(String(line)));
    process.exitCode = undefined;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const simulate = (...args: string[]) =>
    buildProgram().parseAsync(['node', 'simulate', ...args, '--no-progress']);

  it('runs a fleet and prints the summary as one JSON object with --json', async () => {
    await simulate(
      '--server',
      server.url,
      '--enrollment-token',
      'enr',
      '--devices',
      '5',
      '--checkins',
      '2',
      '--json',
    );
    expect(process.exitCode).toBe(0);
    expect(output).toHaveLength(1);
    const summary = JSON.parse(output[0]);
    expect(summary).toMatchObject({
      servers: [server.url],
      seed: 1,
      enrollments: { ok: 5, failed: 0 },
      checkIns: { ok: 10, failed: 0 },
    });
    expect(server.counts).toEqual({ enrollments: 5, checkIns: 10 });
  });

  it('prints tables without --json', async () => {
    await simulate(
      'run',
      '--server',
      server.url,
      '--enrollment-token',
      'enr',
      '--devices',
      '3',
      '--checkins',
      '1',
    );
    const text = output.join('\n');
    expect(text).toMatch(/Devices\s+corporate\s+personal\s+unknown\s+total/);
    expect(text).toMatch(/all platforms\s+3\s+0\s+0\s+3/);
    expect(text).toContain('Latency');
  });

  it('says in one line why it cannot run, with exit code 1', async () => {
    await simulate('--server', server.url, '--devices', '2');
    expect(process.exitCode).toBe(1);
    expect(errors).toEqual([
      'Error: devices need to enroll: give the tenant’s enrollment token (--enrollment-token)',
    ]);
  });

  it('shows a device’s privacy view from the state file', async () => {
    const stateFile = join(dir, 'fleet.json');
    await simulate(
      '--server',
      server.url,
      '--enrollment-token',
      'enr',
      '--devices',
      '2',
      '--checkins',
      '1',
      '--state-file',
      stateFile,
    );
    output.length = 0;
    await server.close();
    server = await startNullServer({
      script: (request) =>
        request.path.endsWith('/privacy')
          ? {
              status: 200,
              body: {
                deviceId: request.path.split('/')[4],
                platform: 'ios',
                enrollmentType: 'companyPortal',
                ownership: 'personal',
                categories: [
                  {
                    category: 'phoneNumber',
                    collected: true,
                    form: 'lastFourDigits',
                    reasons: ['personalDevice'],
                  },
                  {
                    category: 'photos',
                    collected: false,
                    form: 'notCollected',
                    reasons: ['neverCollected'],
                  },
                ],
              },
            }
          : undefined,
    });
    await buildProgram().parseAsync([
      'node',
      'simulate',
      'privacy',
      '--device',
      '1',
      '--state-file',
      stateFile,
      '--server',
      server.url,
    ]);
    expect(process.exitCode).toBe(0);
    const text = output.join('\n');
    expect(text).toMatch(/phoneNumber\s+last 4 digits\s+personalDevice/);
    expect(text).toMatch(/Not collected\n\s+photos\s+neverCollected/);
    expect(server.requests[0].authorization).toMatch(/^Bearer dev_/);
  });
});
