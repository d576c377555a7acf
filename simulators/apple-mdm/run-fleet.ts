import { readFileSync } from 'node:fs';
import { generateFleet } from '../fleet';
import { FleetOptions } from '../fleet/plan';
import { AppleMdmDevice, fetchProfile } from './apple-mdm-device';
import { appleFactsOf } from './fleet-facts';

export interface AppleFleetOptions {
  /** Our server's base URL: each device fetches its own profile from `/mdm/apple/enroll`. */
  server: string;
  enrollmentToken?: string;
  /**
   * Instead, a `.mobileconfig` another Apple MDM server issued (NanoMDM: its CheckInURL and
   * ServerURL are in the profile); every device installs it.
   */
  profileFile?: string;
  fleet: FleetOptions;
  /** Polls of the ServerURL per device after enrollment. */
  polls: number;
  concurrency: number;
  /** Bundle ids the tenant deploys: the devices hold these as managed apps. */
  managedAppIds?: ReadonlySet<string>;
  onError?: (message: string) => void;
}

export interface AppleFleetSummary {
  devices: number;
  enrolled: number;
  failed: number;
  polls: number;
  commands: Record<string, number>;
  seconds: number;
}

/** Runs the fleet's iPhones, iPads and Macs over Apple's MDM protocol. */
export async function runAppleMdmFleet(options: AppleFleetOptions): Promise<AppleFleetSummary> {
  const started = Date.now();
  const devices = generateFleet(options.fleet)
    .devices.map((device) => appleFactsOf(device, options.managedAppIds))
    .filter((facts) => facts !== null)
    .map((facts) => new AppleMdmDevice(facts));
  const profile = options.profileFile ? readFileSync(options.profileFile, 'utf8') : null;
  if (!profile && !options.enrollmentToken) {
    throw new Error('an enrollment token (or --profile) is needed to enroll Apple devices');
  }
  const summary: AppleFleetSummary = {
    devices: devices.length,
    enrolled: 0,
    failed: 0,
    polls: 0,
    commands: {},
    seconds: 0,
  };
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const device = devices[next++];
      try {
        device.installProfile(
          profile ??
            (await fetchProfile(
              `${options.server}/mdm/apple/enroll?token=${encodeURIComponent(options.enrollmentToken!)}&type=${device.facts.kind}${device.facts.user ? `&user=${encodeURIComponent(device.facts.user)}` : ''}`,
            )),
        );
        await device.enroll();
        summary.enrolled++;
        for (let poll = 0; poll < options.polls && device.enrolled; poll++) {
          for (const command of await device.poll()) {
            const key = `${command.requestType} ${command.status}`;
            summary.commands[key] = (summary.commands[key] ?? 0) + 1;
          }
          summary.polls++;
        }
      } catch (error) {
        summary.failed++;
        options.onError?.(`${device.facts.deviceName}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

export function formatAppleFleetSummary(summary: AppleFleetSummary): string {
  const lines = [
    `Apple MDM: ${summary.enrolled} of ${summary.devices} Apple devices enrolled (${summary.failed} failed), ${summary.polls} polls in ${summary.seconds.toFixed(1)} s`,
    ...Object.entries(summary.commands)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([command, count]) => `  ${command.padEnd(40)} ${count}`),
  ];
  return lines.join('\n');
}
