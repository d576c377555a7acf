/**
 * Writes XML property lists as Apple's devices and servers send them. A number is an `<integer>`
 * unless wrapped in `real()`: Apple's schema types some keys as `<real>` (DeviceCapacity,
 * BatteryLevel, a location's Latitude), and a whole-number real must still be written as one —
 * which the plist libraries cannot tell from an integer.
 */

export class PlistReal {
  constructor(readonly value: number) {}
}

export const real = (value: number): PlistReal => new PlistReal(value);

export type PlistValue =
  | string
  | number
  | boolean
  | Date
  | Uint8Array
  | PlistReal
  | PlistValue[]
  | { [key: string]: PlistValue | undefined };

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
  '<plist version="1.0">\n';

export function encodePlist(value: PlistValue): string {
  const out: string[] = [HEADER];
  write(value, out);
  out.push('</plist>\n');
  return out.join('');
}

function write(value: PlistValue, out: string[]): void {
  if (typeof value === 'string') out.push(`<string>${escapeXml(value)}</string>`);
  else if (typeof value === 'boolean') out.push(value ? '<true/>' : '<false/>');
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('an <integer> must be a whole number');
    out.push(`<integer>${value}</integer>`);
  } else if (value instanceof PlistReal) {
    if (!Number.isFinite(value.value)) throw new Error('a <real> must be finite');
    out.push(
      `<real>${Number.isInteger(value.value) ? value.value.toFixed(1) : value.value}</real>`,
    );
  } else if (value instanceof Date) {
    out.push(`<date>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</date>`);
  } else if (value instanceof Uint8Array) {
    out.push(`<data>${Buffer.from(value).toString('base64')}</data>`);
  } else if (Array.isArray(value)) {
    out.push('<array>');
    for (const item of value) write(item, out);
    out.push('</array>');
  } else {
    out.push('<dict>');
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out.push(`<key>${escapeXml(key)}</key>`);
      write(item, out);
    }
    out.push('</dict>');
  }
}

function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
