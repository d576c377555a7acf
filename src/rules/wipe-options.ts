import { Platform } from './vocabulary';

/** Graph's wipe body (managedDevice: wipe). */
export interface WipeOptions {
  keepEnrollmentData?: boolean;
  keepUserData?: boolean;
  macOsUnlockCode?: string;
  persistEsimDataPlan?: boolean;
  useProtectedWipe?: boolean;
}

/** Which platform each wipe option means something on (as in Intune's wipe dialog). */
const OPTION_PLATFORMS: Record<keyof WipeOptions, readonly Platform[]> = {
  keepEnrollmentData: ['windows'],
  keepUserData: ['windows'],
  useProtectedWipe: ['windows'],
  macOsUnlockCode: ['macos'],
  persistEsimDataPlan: ['ios'],
};

/**
 * The first option set on a platform that cannot honour it (a `false` asks for nothing and is fine),
 * so that a wipe never silently does something other than what the admin chose.
 */
export function wipeOptionNotOnPlatform(
  platform: Platform,
  options: WipeOptions,
): keyof WipeOptions | null {
  for (const name of Object.keys(OPTION_PLATFORMS) as (keyof WipeOptions)[]) {
    const value = options[name];
    if (value === undefined || value === false) continue;
    if (!OPTION_PLATFORMS[name].includes(platform)) return name;
  }
  return null;
}

/**
 * Command parameters that are secrets: delivered to the device, but never written to the audit
 * trail or a check-in receipt, and deleted from the command once the device has answered.
 */
export const SECRET_COMMAND_PARAMETERS: readonly string[] = ['macOsUnlockCode'];

export function withoutSecrets(
  parameters: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!parameters) return parameters;
  const kept = Object.entries(parameters).filter(
    ([name]) => !SECRET_COMMAND_PARAMETERS.includes(name),
  );
  return kept.length ? Object.fromEntries(kept) : null;
}

/** A wipe with keepEnrollmentData resets the device but leaves it enrolled and managed. */
export const wipeKeepsEnrollment = (parameters: Record<string, unknown> | null): boolean =>
  parameters?.keepEnrollmentData === true;
