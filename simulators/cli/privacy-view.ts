import type { DevicePrivacyView } from '../../src/device-channel/contract/device-channel.types';
import { table } from './summary-table';

const FORMS: Record<string, string> = {
  full: 'yes',
  lastFourDigits: 'last 4 digits',
  managedAppsOnly: 'managed apps only',
  workProfileAppsOnly: 'work-profile apps only',
  onLocateRequestOnly: 'only when an admin locates it',
  pseudonymized: 'pseudonymised',
  notCollected: 'no',
};

/** The device user's view ("what my organization can see") as a table. */
export function formatPrivacyView(view: DevicePrivacyView): string {
  const collected = view.categories.filter((entry) => entry.collected);
  const never = view.categories.filter((entry) => !entry.collected);
  return [
    `What the organization can see on device ${view.deviceId}`,
    `(${view.platform}, ${view.enrollmentType}, ${view.ownership})`,
    '',
    table(
      [
        ['collected', 'as', 'because'],
        ...collected.map((entry) => [
          entry.category,
          FORMS[entry.form] ?? entry.form,
          entry.reasons.join(', '),
        ]),
      ],
      '  ',
      false,
    ),
    '',
    'Not collected',
    table(
      never.map((entry) => [entry.category, entry.reasons.join(', ')]),
      '  ',
      false,
    ),
  ].join('\n');
}
