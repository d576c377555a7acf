import { OWNERSHIPS, PLATFORMS } from '../../src/device-channel/contract/wire-vocabulary';
import type { SimulationSummary } from '../runner';

const PLATFORM_NAMES: Record<string, string> = {
  ios: 'iOS/iPadOS',
  android: 'Android',
  macos: 'macOS',
  windows: 'Windows',
};

const count = (value: number) => value.toLocaleString('en-US');
const ms = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} ms`);

/** Rows of cells as text; by default every column but the first is right-aligned (numbers). */
export function table(rows: string[][], indent = '  ', rightAligned = true): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, column) =>
            column === 0 || !rightAligned
              ? cell.padEnd(widths[column])
              : cell.padStart(widths[column]),
          )
          .join('   ')
          .trimEnd(),
    )
    .join('\n');
}

/** The end-of-run summary as the terminal shows it. */
export function formatSummary(summary: SimulationSummary): string {
  const lines: string[] = [];
  const { devices } = summary;
  const totals = OWNERSHIPS.map(() => 0);
  const rows = [['Devices', ...OWNERSHIPS, 'total']];
  for (const platform of PLATFORMS) {
    const cells = OWNERSHIPS.map((ownership) => devices.byPlatform[platform][ownership]);
    cells.forEach((value, i) => (totals[i] += value));
    rows.push([PLATFORM_NAMES[platform], ...cells.map(count), count(sum(cells))]);
  }
  rows.push(['all platforms', ...totals.map(count), count(sum(totals))]);
  lines.push(table(rows, ''));
  const stopped = Object.entries(devices.stopped).filter(([, value]) => value > 0);
  lines.push(
    `  ${count(devices.enrolled)} of ${count(devices.total)} devices enrolled at the end` +
      (stopped.length
        ? `; stopped: ${stopped.map(([k, v]) => `${count(v)} ${k}`).join(', ')}`
        : ''),
    '',
  );

  const { checkIns, enrollments, latencyMs, apps } = summary;
  // Apple devices answer app lists as commands (below): the JSON channel's counts are not theirs.
  const appInventoryTitle =
    Object.keys(summary.appleCommands).length > 0 ? 'App inventory (JSON)' : 'App inventory';
  lines.push(
    table(
      [
        ['Check-ins', 'ok', 'failed', 'follow-ups', 'per second'],
        [
          '',
          count(checkIns.ok),
          count(checkIns.failed),
          count(checkIns.followUps),
          checkIns.perSecond.toFixed(1),
        ],
        ['Enrollments', 'ok', 'failed', 'after wipe', ''],
        ['', count(enrollments.ok), count(enrollments.failed), count(enrollments.afterWipe), ''],
        ['Latency', 'p50', 'p95', 'p99', 'max'],
        ['', ms(latencyMs.p50), ms(latencyMs.p95), ms(latencyMs.p99), ms(latencyMs.max)],
      ],
      '',
    ),
    '',
  );

  lines.push(
    table(
      [
        [appInventoryTitle, 'full lists', 'hash only', 'resend asked'],
        ['', count(apps.fullLists), count(apps.hashOnly), count(apps.resendRequired)],
        ['', 'apps reported', 'apps stored', 'apps discarded'],
        [
          '',
          count(apps.reported),
          count(apps.stored),
          count(
            summary.discarded.filter((d) => d.field === 'apps').reduce((n, d) => n + d.count, 0),
          ),
        ],
      ],
      '',
    ),
  );
  if (summary.discarded.length > 0) {
    lines.push(
      '',
      'Discarded by the server',
      table(summary.discarded.map((d) => [`${d.field}: ${d.reason}`, count(d.count)])),
    );
  }
  const commands = Object.entries(summary.commands);
  lines.push('', 'Commands carried out');
  lines.push(
    commands.length === 0
      ? '  none'
      : table([
          ['action', 'done', 'failed'],
          ...commands.map(([action, { done, failed }]) => [action, count(done), count(failed)]),
        ]),
  );
  const appleCommands = Object.entries(summary.appleCommands);
  if (appleCommands.length > 0) {
    const statuses = [
      ...new Set(appleCommands.flatMap(([, answers]) => Object.keys(answers))),
    ].sort() as (keyof (typeof summary.appleCommands)[string])[];
    lines.push(
      '',
      'Apple MDM commands answered (iPhones, iPads and Macs over Apple’s MDM protocol)',
    );
    lines.push(
      table([
        ['request type', ...statuses],
        ...appleCommands.map(([requestType, answers]) => [
          requestType,
          ...statuses.map((status) => count(answers[status] ?? 0)),
        ]),
      ]),
    );
  }
  if (summary.retries > 0 || summary.failovers > 0) {
    lines.push(
      '',
      `Retries: ${count(summary.retries)}; fail-overs to another server: ${count(summary.failovers)}`,
    );
  }
  if (summary.errors.length > 0) {
    lines.push('', 'Errors');
    for (const { message, count: times } of summary.errors.slice(0, 10))
      lines.push(`  ${count(times).padStart(6)} × ${message}`);
    if (summary.errors.length > 10)
      lines.push(`  … and ${summary.errors.length - 10} other messages (--json lists them all)`);
  }
  return lines.join('\n');
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
