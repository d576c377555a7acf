import { manufacturerModelSerialKey } from '../../rules';
import { checkImei } from '../../rules/identifiers';
import { CsvRecord } from './csv';
import { CorporateIdentifierKind } from '../../platform/database/entities/corporate-identifier.entity';

export type NewCorporateIdentifier =
  | { kind: 'imei'; imei: string; description?: string | null }
  | { kind: 'serialNumber'; serialNumber: string; description?: string | null }
  | {
      kind: 'manufacturerModelSerial';
      manufacturer: string;
      model: string;
      serialNumber: string;
      description?: string | null;
    };

/** The canonical stored value of an identifier, or a problem naming the field. */
export function canonicalCorporateIdentifier(
  identifier: NewCorporateIdentifier,
): { kind: CorporateIdentifierKind; value: string } | { field: string; problem: string } {
  switch (identifier.kind) {
    case 'imei': {
      const imei = checkImei(identifier.imei);
      return imei.ok
        ? { kind: 'imei', value: imei.value }
        : { field: 'imei', problem: imei.problem };
    }
    case 'serialNumber': {
      const serial = identifier.serialNumber.trim().toUpperCase();
      return /^[A-Z0-9][A-Z0-9-]{2,63}$/.test(serial)
        ? { kind: 'serialNumber', value: serial }
        : { field: 'serialNumber', problem: 'must be 3–64 letters, digits or hyphens' };
    }
    case 'manufacturerModelSerial': {
      for (const field of ['manufacturer', 'model', 'serialNumber'] as const) {
        const value = identifier[field].trim();
        if (!value || value.length > 128) return { field, problem: 'must have 1–128 characters' };
      }
      return {
        kind: 'manufacturerModelSerial',
        value: manufacturerModelSerialKey(
          identifier.manufacturer,
          identifier.model,
          identifier.serialNumber,
        ),
      };
    }
  }
}

/** Intune's limit for one corporate-identifier upload. */
export const MAX_IMPORT_ROWS = 5000;

/** One entry of an import, where it came from (`line 3`, `importedDeviceIdentities[2]`). */
export interface ImportEntry {
  position: string;
  identifier: NewCorporateIdentifier | { problem: string };
}

export interface CheckedEntry {
  position: string;
  kind: CorporateIdentifierKind;
  value: string;
  description: string | null;
}

export interface ImportProblem {
  position: string;
  /** Never the submitted value: it may be a device identifier. */
  problem: string;
}

/**
 * Checks every entry of an import: format and check digits (as a single add would), and repeats
 * within the same import. Returns every problem, so that the whole list can be fixed in one go.
 */
export function checkImportEntries(entries: readonly ImportEntry[]): {
  accepted: CheckedEntry[];
  problems: ImportProblem[];
} {
  const accepted: CheckedEntry[] = [];
  const problems: ImportProblem[] = [];
  const firstSeen = new Map<string, string>();
  for (const { position, identifier } of entries) {
    if ('problem' in identifier) {
      problems.push({ position, problem: identifier.problem });
      continue;
    }
    const canonical = canonicalCorporateIdentifier(identifier);
    if ('problem' in canonical) {
      problems.push({ position, problem: `${canonical.field} ${canonical.problem}` });
      continue;
    }
    const key = `${canonical.kind}\u0000${canonical.value}`;
    const earlier = firstSeen.get(key);
    if (earlier) {
      problems.push({ position, problem: `repeats the identifier of ${earlier}` });
      continue;
    }
    firstSeen.set(key, position);
    accepted.push({
      position,
      kind: canonical.kind,
      value: canonical.value,
      description: identifier.description?.trim() || null,
    });
  }
  return { accepted, problems };
}

const MAX_DESCRIPTION = 256;

/**
 * The entries of a CSV upload without a header, as Intune takes them: `identifier[,description]`
 * for IMEIs and serial numbers, `manufacturer,model,serialNumber` for Windows.
 */
export function csvImportEntries(
  records: readonly CsvRecord[],
  kind: CorporateIdentifierKind,
): ImportEntry[] {
  return records.map((record): ImportEntry => {
    const position = `line ${record.line}`;
    if ('problem' in record) return { position, identifier: { problem: record.problem } };
    const fields = record.fields.map((field) => field.trim());
    if (kind === 'manufacturerModelSerial') {
      if (fields.length !== 3) {
        return {
          position,
          identifier: {
            problem: `has ${fields.length} columns; expected manufacturer,model,serialNumber`,
          },
        };
      }
      const [manufacturer, model, serialNumber] = fields;
      return { position, identifier: { kind, manufacturer, model, serialNumber } };
    }
    if (fields.length > 2) {
      return {
        position,
        identifier: { problem: `has ${fields.length} columns; expected identifier[,description]` },
      };
    }
    const [value, description = ''] = fields;
    if (description.length > MAX_DESCRIPTION) {
      return {
        position,
        identifier: { problem: `description must be at most ${MAX_DESCRIPTION} characters` },
      };
    }
    return {
      position,
      identifier:
        kind === 'imei'
          ? { kind, imei: value, description }
          : { kind, serialNumber: value, description },
    };
  });
}

/**
 * Graph's importedDeviceIdentifier as a new identifier: for manufacturerModelSerial it is
 * `manufacturer,model,serialNumber`. A problem is one of importedDeviceIdentifier.
 */
export function identifierFromGraph(
  kind: CorporateIdentifierKind,
  importedDeviceIdentifier: string,
  description: string | null,
): NewCorporateIdentifier | { problem: string } {
  switch (kind) {
    case 'imei':
      return { kind, imei: importedDeviceIdentifier, description };
    case 'serialNumber':
      return { kind, serialNumber: importedDeviceIdentifier, description };
    case 'manufacturerModelSerial': {
      const parts = importedDeviceIdentifier.split(',');
      if (parts.length !== 3) {
        return { problem: 'must be manufacturer,model,serialNumber' };
      }
      const [manufacturer, model, serialNumber] = parts;
      return { kind, manufacturer, model, serialNumber, description };
    }
  }
}
