import type { InstallState } from '../platform/database/entities/managed-app-install-state.entity';
import type { ReportedApp } from './detected-app-list';
import type { HardwareField, ReportedSecurityState } from '../rules';

/**
 * What a device said in one check-in, whatever protocol it spoke: the JSON channel today; Apple
 * MDM (DeviceInformation, InstalledApplicationList, command results), Windows MDM (OMA-DM) and the
 * Android Management API next. Every transport produces this; nothing after it (decide, the
 * stores) knows a wire format. Absent means "not reported" — never null.
 */
export interface DeviceReport {
  /** Orders a device's reports: a repeat is answered from the receipt, an older one refused. */
  sequence: number;
  /** Reported hardware values as the device sent them (canonical forms come from the rules); null = gone. */
  hardware?: Partial<Record<HardwareField, string | number | null>>;
  /** The full app inventory. */
  apps?: ReportedApp[];
  /** Instead of `apps`: the hash of the inventory the device would send (appInventoryHash()). */
  appInventoryHash?: string;
  installStates?: ReportedInstallState[];
  commandResults?: ReportedCommandResult[];
  diagnostics?: ReportedDiagnosticEvent[];
  /** The device's security state, evaluated against the tenant's compliance policies. */
  security?: ReportedSecurityState;
}

export interface ReportedInstallState {
  mobileAppId: string;
  state: InstallState;
  errorCode: string | null;
}

export interface ReportedLocation {
  latitude: number;
  longitude: number;
  accuracyInMeters?: number;
  observedDateTime?: string;
}

export interface ReportedCommandResult {
  commandId: string;
  status: 'done' | 'failed';
  errorDetail?: string;
  location?: ReportedLocation;
}

export interface ReportedDiagnosticEvent {
  type: string;
  occurredDateTime: string;
  value?: number;
  /** Free text: never stored; its presence is reported back as discarded. */
  detail?: string;
}

/**
 * A device protocol: turns a validated message of its own into a DeviceReport. The rest of a
 * check-in — authenticate, decide, store — is shared by every transport.
 */
export interface DeviceTransport<Message> {
  reportOf(message: Message): DeviceReport;
}
