import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appsKept,
  COMPLIANT_APP_FEATURE,
  ENROLLMENTS,
  fieldRefusal,
  HARDWARE_FIELDS,
  HARDWARE_MATRIX,
  OS_VERSIONS,
  OWNERSHIP_BY_ENROLLMENT,
  Source,
  SOURCES,
} from './collection-matrix';

export const DOC_PATH = join(__dirname, '..', '..', 'docs', 'collection-rules.md');
const START =
  '<!-- collection-matrix:start (generated from test/collection-matrix; npm run docs:collection-rules) -->';
const END = '<!-- collection-matrix:end -->';

const PLATFORM_NAMES = {
  ios: 'iOS/iPadOS',
  android: 'Android',
  macos: 'macOS',
  windows: 'Windows',
};

/** One row per platform × enrollment type × data category, with the source of each fact. */
export function renderMatrix(): string {
  const rows: string[] = [
    '| Platform | Enrollment type | Data category | Kept | Source |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const { platform, enrollmentType } of ENROLLMENTS) {
    const row = (category: string, keptText: string, source: Source) =>
      rows.push(
        `| ${PLATFORM_NAMES[platform]} | ${enrollmentType} | ${category} | ${keptText} | ${source} |`,
      );
    const ownership = OWNERSHIP_BY_ENROLLMENT[enrollmentType];
    row('ownership', ownership, 'intuneOwnership');
    for (const field of HARDWARE_FIELDS) {
      const cell = HARDWARE_MATRIX[field][platform];
      if (!cell.kept) {
        row(field, `refused: ${field} ${cell.because}`, cell.source);
        continue;
      }
      const versions = OS_VERSIONS[platform];
      const refusals = versions.map((v) => fieldRefusal(platform, enrollmentType, field, v));
      const refused = refusals.find((r) => r !== null);
      if (refused) {
        const always = refusals.every((r) => r !== null);
        const restriction = cell.unless!.find((r) => r.types.includes(enrollmentType))!;
        row(
          field,
          always && restriction.fromAndroid === undefined
            ? `refused: ${field} ${refused.because}`
            : `kept before Android ${restriction.fromAndroid}; refused from then: ${field} ${refused.because}`,
          refused.source,
        );
      } else if (field === 'phoneNumber') {
        row(field, 'kept: in full on corporate devices, last four digits otherwise', 'intuneSee');
      } else {
        row(field, 'kept', cell.source);
      }
    }
    const asOwned = appsKept(platform, enrollmentType, ownership, false);
    const withList = appsKept(platform, enrollmentType, ownership, true);
    const describe = (kept: string) =>
      kept === 'all'
        ? 'every app'
        : kept === 'workProfileApps'
          ? 'work-profile apps'
          : 'assigned apps only';
    const appsText =
      asOwned.kept === withList.kept
        ? describe(asOwned.kept) +
          (ownership !== 'corporate' && !COMPLIANT_APP_FEATURE[platform]
            ? ' (no compliant-app list exists for Windows)'
            : '')
        : `${describe(asOwned.kept)}; ${describe(withList.kept)} while a compliant-app list is on`;
    row(
      'installed apps',
      appsText,
      asOwned.kept === withList.kept ? asOwned.source : 'graphConfig',
    );
    row(
      'location',
      ownership === 'corporate' ? 'only as the answer to an administrator’s locateDevice' : 'never',
      'intuneSee',
    );
  }
  const legend = (Object.keys(SOURCES) as Source[]).map((key) => `- **${key}**: ${SOURCES[key]}`);
  return [START, '', ...rows, '', 'Sources:', '', ...legend, '', END].join('\n');
}

/** The generated section as it stands in docs/collection-rules.md. */
export function documentedMatrix(): string | null {
  const text = readFileSync(DOC_PATH, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < 0 ? null : text.slice(start, end + END.length);
}

export function writeMatrix(): void {
  const text = readFileSync(DOC_PATH, 'utf8');
  const current = documentedMatrix();
  writeFileSync(
    DOC_PATH,
    current === null
      ? `${text.trimEnd()}\n\n${renderMatrix()}\n`
      : text.replace(current, renderMatrix()),
  );
}

if (require.main === module) writeMatrix();
