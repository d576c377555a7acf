import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import {
  ChannelError,
  DeviceChannelClient,
  parseServerUrls,
  ServerPool,
  ServerUrlError,
} from '../client';
import { DEFAULT_CHURN, FleetOptionsError } from '../fleet';
import {
  loadState,
  runSimulation,
  SimulationError,
  SimulationOptions,
  StateFileError,
} from '../runner';
import {
  collect,
  duration,
  integer,
  interval,
  platformMix,
  positiveInteger,
  probability,
  wholeNumber,
} from './option-values';
import { formatPrivacyView } from './privacy-view';
import { progressReporter } from './progress';
import { formatSummary } from './summary-table';

/**
 * `npm run simulate -- [run] …` runs a fleet against the server; `npm run simulate -- privacy …`
 * shows one simulated device's privacy view. Exit codes: 0 done, 1 could not run (options, server
 * unreachable, enrollment token refused), 2 ran but some enrollments or check-ins failed.
 */

interface RunFlags {
  server: string[];
  enrollmentToken?: string;
  devices?: number;
  mix?: SimulationOptions['fleet']['platformMix'];
  corporateRatio?: number;
  tenantDomain?: string;
  checkins?: number;
  duration?: number;
  interval: number | 'server';
  jitter: number;
  concurrency: number;
  seed: number;
  stateFile?: string;
  appInstall: number;
  appRemoval: number;
  appUpdate: number;
  storageDrift: number;
  ipChange: number;
  emptySerial?: number;
  duplicateSerial?: number;
  reEnrollment?: number;
  reEnrollAfterWipe: number;
  unfilteredAgents: number;
  timeout: number;
  insecure?: boolean;
  json?: boolean;
  progress: boolean;
  protocol: 'json' | 'apple-mdm';
  profile?: string;
  tlsIdentity?: boolean;
}

const DEFAULT_SERVER = 'http://127.0.0.1:3000';

export function buildProgram(): Command {
  const program = new Command('simulate')
    .description('Run simulated iOS, Android, macOS and Windows devices against the server')
    .showHelpAfterError('(add --help for the options)')
    .exitOverride();

  program
    .command('run', { isDefault: true })
    .description('Enroll a seeded fleet and make it check in (the default command)')
    .option(
      '--server <url>',
      `server base URL; repeat or comma-separate for several (default ${DEFAULT_SERVER})`,
      collect,
    )
    .addOption(
      new Option('--enrollment-token <token>', 'the tenant’s enrollment token').env(
        'ENROLLMENT_TOKEN',
      ),
    )
    .option(
      '--devices <n>',
      'devices in the fleet (default: those of the state file, else 100)',
      wholeNumber,
    )
    .option(
      '--mix <weights>',
      'platform weights, e.g. ios=30,android=35,windows=25,macos=10',
      platformMix,
    )
    .option(
      '--corporate-ratio <share>',
      'share of devices enrolled as corporate (default 0.6)',
      probability,
    )
    .option(
      '--tenant-domain <domain>',
      'e-mail domain of the simulated users (default contoso.com)',
    )
    .addOption(
      new Option('--checkins <n>', 'scheduled check-ins per device (default 3)')
        .argParser(wholeNumber)
        .conflicts('duration'),
    )
    .option(
      '--duration <time>',
      'check in until this much time has passed (90s, 15m, 2h)',
      duration,
    )
    .option(
      '--interval <time>',
      'between one device’s check-ins (30s, 15m), or "server"',
      interval,
      0,
    )
    .option('--jitter <share>', '± share of the interval each wait varies by', probability, 0.1)
    .option('--concurrency <n>', 'requests in flight at once', positiveInteger, 16)
    .option('--seed <n>', 'same seed, same fleet', integer, 1)
    .option('--state-file <path>', 'remember the enrolled fleet here and resume it next time')
    .option(
      '--app-install <p>',
      'chance per check-in that a device installs apps',
      probability,
      DEFAULT_CHURN.appInstall,
    )
    .option(
      '--app-removal <p>',
      'chance per check-in that each app is removed',
      probability,
      DEFAULT_CHURN.appRemoval,
    )
    .option(
      '--app-update <p>',
      'chance per check-in that each app is updated',
      probability,
      DEFAULT_CHURN.appUpdate,
    )
    .option(
      '--storage-drift <p>',
      'chance per check-in that free storage moves',
      probability,
      DEFAULT_CHURN.storageDrift,
    )
    .option(
      '--ip-change <p>',
      'chance per check-in that the IP address changes',
      probability,
      DEFAULT_CHURN.ipChange,
    )
    .option(
      '--empty-serial <p>',
      'share of devices reporting an empty serial (defect)',
      probability,
    )
    .option(
      '--duplicate-serial <p>',
      'share of devices reporting another device’s serial (defect)',
      probability,
    )
    .option(
      '--re-enrollment <p>',
      'share of devices that are earlier hardware enrolling again (defect)',
      probability,
    )
    .option(
      '--re-enroll-after-wipe <p>',
      'share of wiped devices that enroll again as new devices',
      probability,
      1,
    )
    .option(
      '--unfiltered-agents <p>',
      'share of agents that report every app whatever the directive',
      probability,
      0,
    )
    .addOption(
      new Option('--timeout <time>', 'time allowed for one request')
        .argParser(duration)
        .default(30_000, '30s'),
    )
    .option('--insecure', 'accept a self-signed TLS certificate')
    .option('--json', 'print the summary as one JSON object')
    .option('--no-progress', 'no progress bar or progress lines')
    .addOption(
      new Option(
        '--protocol <name>',
        'json: our device channel; apple-mdm: the fleet’s iPhones, iPads and Macs speak Apple’s MDM protocol (docs/apple-mdm.md), the other platforms the JSON channel',
      )
        .choices(['json', 'apple-mdm'])
        .default('json'),
    )
    .option(
      '--profile <file>',
      'with --protocol apple-mdm: install this .mobileconfig (e.g. from NanoMDM) instead of fetching one',
    )
    .option(
      '--tls-identity',
      'with --protocol apple-mdm: present the device identity as TLS client certificate instead of signing each message (https only)',
    )
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });

  program
    .command('privacy')
    .description('Show what the organization can see about one simulated device')
    .requiredOption('--device <id>', 'the device id, or the device’s index in the fleet')
    .requiredOption('--state-file <path>', 'the state file of the fleet')
    .option('--server <url>', 'server base URL (default: the ones in the state file)', collect)
    .option('--insecure', 'accept a self-signed TLS certificate')
    .option('--json', 'print the view as the server sends it')
    .action(
      async (flags: {
        device: string;
        stateFile: string;
        server?: string[];
        insecure?: boolean;
        json?: boolean;
      }) => {
        process.exitCode = await privacy(flags);
      },
    );
  return program;
}

async function run(flags: RunFlags): Promise<number> {
  const defects = {
    ...(flags.emptySerial !== undefined && { emptySerial: flags.emptySerial }),
    ...(flags.duplicateSerial !== undefined && { duplicateSerial: flags.duplicateSerial }),
    ...(flags.reEnrollment !== undefined && { reEnrollment: flags.reEnrollment }),
  };
  const stop = new AbortController();
  const progress = progressReporter(process.stderr, flags.progress ? 'auto' : 'off');
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    progress.log(
      'Stopping: check-ins under way finish, then the summary (Ctrl-C again quits at once).',
    );
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  try {
    const { summary } = await runSimulation({
      servers: flags.server ?? [DEFAULT_SERVER],
      enrollmentToken: flags.enrollmentToken,
      devices: flags.devices,
      fleet: {
        seed: flags.seed,
        ...(flags.mix && { platformMix: flags.mix }),
        ...(flags.corporateRatio !== undefined && { corporateRatio: flags.corporateRatio }),
        ...(flags.tenantDomain && { tenantDomain: flags.tenantDomain }),
        ...(Object.keys(defects).length > 0 && { defects }),
      },
      checkIns: flags.duration === undefined ? (flags.checkins ?? 3) : flags.checkins,
      durationMs: flags.duration,
      intervalMs: flags.interval,
      jitter: flags.jitter,
      concurrency: flags.concurrency,
      churn: {
        appInstall: flags.appInstall,
        appRemoval: flags.appRemoval,
        appUpdate: flags.appUpdate,
        storageDrift: flags.storageDrift,
        ipChange: flags.ipChange,
      },
      reEnrollAfterWipe: flags.reEnrollAfterWipe,
      unfilteredAgents: flags.unfilteredAgents,
      ...(flags.protocol === 'apple-mdm' && {
        appleMdm: { profile: profileOf(flags.profile), identityOverTls: flags.tlsIdentity },
      }),
      stateFile: flags.stateFile,
      insecure: flags.insecure,
      timeoutMs: flags.timeout,
      signal: stop.signal,
      onProgress: (p) => progress.update(p),
      onError: (message) => progress.log(`error: ${message}`),
    });
    progress.stop();
    console.log(flags.json ? JSON.stringify(summary) : `\n${formatSummary(summary)}`);
    return summary.checkIns.failed + summary.enrollments.failed > 0 ? 2 : 0;
  } catch (error) {
    progress.stop();
    return reportFailure(error);
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** The `.mobileconfig` of `--profile`, read once for every Apple device. */
function profileOf(file: string | undefined): string | undefined {
  return file === undefined ? undefined : readFileSync(file, 'utf8');
}

async function privacy(flags: {
  device: string;
  stateFile: string;
  server?: string[];
  insecure?: boolean;
  json?: boolean;
}): Promise<number> {
  try {
    const state = loadState(flags.stateFile);
    if (!state) throw new StateFileError(`${flags.stateFile} does not exist`);
    const record = /^\d+$/.test(flags.device)
      ? state.devices[Number(flags.device)]
      : state.devices.find((d) => d.deviceId === flags.device);
    if (!record) throw new StateFileError(`no device ${flags.device} in ${flags.stateFile}`);
    if (!record.deviceId || !record.deviceCredential)
      throw new StateFileError(`device ${flags.device} is not enrolled (${record.status})`);
    const client = new DeviceChannelClient(
      new ServerPool(parseServerUrls(flags.server ?? state.servers)),
      { insecure: flags.insecure },
    );
    try {
      const answer = await client.privacyView(record.deviceId, record.deviceCredential, 0);
      console.log(flags.json ? JSON.stringify(answer.body) : formatPrivacyView(answer.body));
    } finally {
      client.close();
    }
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}

/** Known failures are one line with the message; anything else is a bug and keeps its stack. */
function reportFailure(error: unknown): number {
  const known =
    error instanceof SimulationError ||
    error instanceof StateFileError ||
    error instanceof FleetOptionsError ||
    error instanceof ChannelError ||
    error instanceof ServerUrlError;
  console.error(known ? `Error: ${(error as Error).message}` : error);
  return 1;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CommanderError) process.exit(error.exitCode);
      process.exitCode = reportFailure(error);
    });
}
