import { hashKeys } from './random';

/**
 * Version arithmetic on dotted versions ("16.0.19127.20222", "6.2.8-223", "1416.1.0.0.2025183601"):
 * the last number moves, keeping its zero padding. Deterministic, so every device that updates an
 * app from one version lands on the same next one.
 */
// Read once (see random.ts): global lookups are slow under Jest.
const { round } = Math;

const isDigit = (code: number) => code >= 48 && code <= 57;

function lastNumber(version: string): { start: number; end: number; value: number } | null {
  let end = version.length;
  while (end > 0 && !isDigit(version.charCodeAt(end - 1))) end--;
  if (end === 0) return null;
  let start = end - 1;
  while (start > 0 && isDigit(version.charCodeAt(start - 1))) start--;
  return { start, end, value: Number(version.slice(start, end)) };
}

function replaceAt(version: string, start: number, end: number, value: number): string {
  const width = end - start;
  const digits = String(value);
  const padded = version[start] === '0' && width > 1 ? digits.padStart(width, '0') : digits;
  return version.slice(0, start) + padded + version.slice(end);
}

/** The release `steps` after `version`. */
export function newerVersion(version: string, steps = 1): string {
  const last = lastNumber(version);
  return last
    ? replaceAt(version, last.start, last.end, last.value + steps)
    : `${version}.${steps}`;
}

/**
 * A release `steps` before `version`. When the last number would go below zero the one before it
 * goes down by one instead (16.101.1 → 16.100.9), and a version with nothing left to lower stays.
 */
export function olderVersion(version: string, steps: number): string {
  const last = lastNumber(version);
  if (!last) return version;
  if (last.value >= steps) return replaceAt(version, last.start, last.end, last.value - steps);
  const head = version.slice(0, last.start);
  const previous = lastNumber(head.replace(/\D+$/, ''));
  if (!previous || previous.value === 0) return version;
  const lowered = replaceAt(head, previous.start, previous.end, previous.value - 1);
  return replaceAt(
    lowered + version.slice(last.start),
    lowered.length,
    lowered.length + (last.end - last.start),
    Math.max(0, last.value + 10 - steps),
  );
}

/** Compares two versions number by number (1.10 > 1.9); non-numeric parts are ignored. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/\D+/).filter(Boolean).map(Number);
  const right = b.split(/\D+/).filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Installed size of one version of an app: around the catalogue size, fixed per version. */
export function sizeInBytes(appId: string, version: string, sizeMb: number): number {
  const jitter = (hashKeys([appId, version]) % 1000) / 1000;
  return round(sizeMb * 1_000_000 * (0.93 + 0.14 * jitter));
}
