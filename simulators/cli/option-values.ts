import { InvalidArgumentError } from 'commander';
import { Platform, PLATFORMS } from '../../src/device-channel/contract/wire-vocabulary';

/** Parsers for the simulator's option values; each names the problem in commander's words. */

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1)
    throw new InvalidArgumentError('must be a whole number of at least 1.');
  return number;
}

export function wholeNumber(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number))
    throw new InvalidArgumentError('must be a whole number.');
  return number;
}

export function integer(value: string): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number))
    throw new InvalidArgumentError('must be an integer.');
  return number;
}

/** A probability or share: 0.25, or 25%. */
export function probability(value: string): number {
  const text = value.trim();
  const number = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || !Number.isFinite(number) || number < 0 || number > 1)
    throw new InvalidArgumentError('must be between 0 and 1 (or 0% and 100%).');
  return number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration in milliseconds: 90 (seconds), 90s, 500ms, 15m, 2h. */
export function duration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a duration such as 30, 30s, 15m or 2h.');
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']);
}

/** A check-in interval: a duration, or `server` for the interval the server asks for. */
export function interval(value: string): number | 'server' {
  return value.trim() === 'server' ? 'server' : duration(value);
}

/** Relative weights per platform: `ios=30,android=35,windows=25,macos=10`. */
export function platformMix(value: string): Partial<Record<Platform, number>> {
  const mix: Partial<Record<Platform, number>> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, weight, extra] = part.split('=').map((p) => p.trim());
    if (
      !(PLATFORMS as readonly string[]).includes(name) ||
      weight === undefined ||
      extra !== undefined
    )
      throw new InvalidArgumentError(
        `must look like ios=30,android=35,windows=25,macos=10 (platforms: ${PLATFORMS.join(', ')}).`,
      );
    const number = Number(weight);
    if (weight === '' || !Number.isFinite(number) || number < 0)
      throw new InvalidArgumentError(`${name} needs a weight of at least 0.`);
    if (mix[name as Platform] !== undefined)
      throw new InvalidArgumentError(`${name} is given twice.`);
    mix[name as Platform] = number;
  }
  if (!Object.values(mix).some((weight) => weight! > 0))
    throw new InvalidArgumentError('needs at least one platform with a positive weight.');
  return mix;
}

/** Repeatable option values, each possibly a comma-separated list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
