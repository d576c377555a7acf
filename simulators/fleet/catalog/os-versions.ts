import { Platform } from '../../../src/device-channel/contract/wire-vocabulary';

/**
 * Releases in use, per platform and major version, oldest first; the last of each major is its
 * latest patch. Apple's versions are as `sw_vers`/Settings show them (iOS and macOS jumped from 18
 * and 15 to 26 in 2025); Android reports its release number; Windows its full build, as Intune
 * shows it (10.0.19045 is Windows 10 22H2, 22631 Windows 11 23H2, 26100 24H2, 26200 25H2).
 */
export const OS_RELEASES: Record<Platform, Record<string, readonly string[]>> = {
  ios: {
    '15': ['15.8.3', '15.8.4'],
    '16': ['16.7.10', '16.7.11', '16.7.12'],
    '17': ['17.6.1', '17.7.2'],
    '18': ['18.5', '18.6.2', '18.7.1', '18.7.2'],
    '26': ['26.0', '26.0.1', '26.1'],
  },
  macos: {
    '13': ['13.7.6', '13.7.8'],
    '14': ['14.7.6', '14.7.8', '14.8.1'],
    '15': ['15.5', '15.6.1', '15.7.1', '15.7.2'],
    '26': ['26.0.1', '26.1'],
  },
  android: {
    '10': ['10'],
    '11': ['11'],
    '12': ['12'],
    '13': ['13'],
    '14': ['14'],
    '15': ['15'],
    '16': ['16'],
  },
  windows: {
    '10': ['10.0.19045.5965', '10.0.19045.6216', '10.0.19045.6456'],
    '11-23H2': ['10.0.22631.5624', '10.0.22631.5909', '10.0.22631.6060'],
    '11-24H2': ['10.0.26100.4946', '10.0.26100.6584', '10.0.26100.6899', '10.0.26100.7171'],
    '11-25H2': ['10.0.26200.6899', '10.0.26200.7171'],
  },
};

/** Majors of a platform in release order. */
export const osMajorsOf = (platform: Platform): string[] =>
  Object.keys(OS_RELEASES[platform]).sort(compareMajor);

function compareMajor(a: string, b: string): number {
  return (
    Number.parseFloat(a.replace(/\D+/g, '.')) - Number.parseFloat(b.replace(/\D+/g, '.')) ||
    a.localeCompare(b)
  );
}

/** The majors from `min` to `max` (both included) of a platform. */
export function osMajorsBetween(platform: Platform, min: string, max?: string): string[] {
  const majors = osMajorsOf(platform);
  const from = majors.indexOf(min);
  const to = max === undefined ? majors.length - 1 : majors.indexOf(max);
  if (from < 0 || to < 0 || to < from)
    throw new Error(`no ${platform} releases between ${min} and ${max}`);
  return majors.slice(from, to + 1);
}
