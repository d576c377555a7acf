import { detectedAppsOf, ReportedApp } from './detected-app-list';
import { appInventoryHash } from './contract/app-inventory-hash';
import {
  AppInventoryStatus,
  CheckInResponse,
  DeliveredCommand,
  DiscardedData,
} from './contract/device-channel.types';
import {
  appInventoryScope,
  collectionDirectives,
  EnrollmentType,
  findFieldNotOnPlatform,
  HardwareField,
  mayStoreLocation,
  Ownership,
  Platform,
  selectAppsToStore,
} from '../rules';
import { conflict, invalidRequest } from '../platform/http/graph-error';
import { AppComplianceResult, evaluateAppCompliance } from '../rules/app-compliance';
import {
  combineCompliance,
  CompliancePart,
  CompliancePolicyRule,
  evaluateCompliancePolicy,
  partOfPolicy,
  securityFieldNotOnPlatform,
  StoredComplianceEvaluation,
} from '../rules/device-compliance';
import type { DeviceReport, ReportedDiagnosticEvent } from './device-report';
import type { ComplianceState, ManagementState } from '../platform/database/entities/device.entity';
import { canonicalHardware, columnsOfHardwareField, hardwareColumns } from './hardware-inventory';
import {
  countRequest,
  RateLimit,
  tooManyRequests,
  WindowCounter,
} from '../platform/limits/fixed-window';
import type { RemoteAction } from '../platform/database/entities/device-command.entity';
import { wipeKeepsEnrollment, withoutSecrets } from '../rules/wipe-options';
import type { TenantPolicy } from '../rules/tenant-policy';

/**
 * The check-in decision: from the stored device, what it reported and its tenant's policy, what to
 * write and what to answer. Pure — no I/O, no clock (`now` is an input) — so every rule of a
 * check-in is testable without a database; the store applies the plan in one transaction.
 */

/** A command of the device as stored: pending or delivered ones, and any its report answers. */
export interface StoredCommand {
  id: string;
  action: RemoteAction;
  status: string;
  parameters: Record<string, unknown> | null;
}

export interface StoredInstallState {
  state: string;
  errorCode: string | null;
}

/** The stored device, as the store read (and on PostgreSQL locked) it for this check-in. */
export interface StoredDevice {
  id: string;
  tenantId: string;
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  managementState: ManagementState;
  complianceState: ComplianceState;
  complianceDetail: string | null;
  /** JSON of the last compliance policy evaluation (StoredComplianceEvaluation), or null. */
  compliancePolicyStates: string | null;
  lastSequence: number;
  appInventoryHash: string | null;
  osVersion: string;
  userPrincipalName: string | null;
  checkInWindow: WindowCounter;
  /** The stored hardware columns (column name → value), to tell what changed. */
  hardwareColumns: Readonly<Record<string, unknown>>;
  /** The answer to the latest check-in, kept to answer its retry (read when the report repeats one). */
  receipt: { sequence: number; response: CheckInResponse } | null;
  commands: readonly StoredCommand[];
  /** By mobileAppId; read only when the report carries install states. */
  installStates: ReadonlyMap<string, StoredInstallState>;
}

export interface CheckInSettings {
  now: number;
  rateLimit: RateLimit;
  checkInIntervalSeconds: number;
}

/** A command answered in this check-in. */
export interface AnsweredCommand {
  commandId: string;
  status: 'done' | 'failed';
  /** JSON of what the device reported besides the status (error detail, location), or null. */
  result: string | null;
  /** JSON of the parameters kept once it is answered (secrets dropped), or null. */
  parameters: string | null;
}

/** What an answer to retire or wipe does to the device's management. */
export type ManagementOutcome =
  { ended: true; state: 'retired' | 'wiped' } | { ended: false; state: ManagementState };

export interface ManagementAnswer {
  command: { id: string; action: 'retire' | 'wipe' };
  status: 'done' | 'failed';
  outcome: ManagementOutcome;
  /** The management state before this check-in (the audit record's old value). */
  previousState: ManagementState;
}

export interface InstallStateChange {
  mobileAppId: string;
  state: string;
  errorCode: string | null;
}

/** Everything a check-in writes, in the order the store applies it. */
export interface WritePlan {
  device: { id: string; tenantId: string; platform: Platform };
  now: number;
  answeredCommands: AnsweredCommand[];
  managementAnswers: ManagementAnswer[];
  /** The device left management: nothing but its last contact is written after the answers. */
  leftManagement: boolean;
  /** Columns of the device row to set (the check-in count is always incremented). */
  deviceColumns: Record<string, unknown>;
  /** The app inventory to store in place of the current one; null when it did not change. */
  apps: ReportedApp[] | null;
  installStates: InstallStateChange[];
  /** Diagnostic events to store pseudonymized (the tenant has diagnostics on). */
  diagnostics: {
    events: ReportedDiagnosticEvent[];
    osVersion: string;
    userPrincipalName: string | null;
  } | null;
  /** Pending commands now delivered. */
  delivered: string[];
  /**
   * Whether the answer is kept as the device's receipt (receiptOf), replacing the previous one:
   * not when the device left management (its credential no longer works; there is no retry).
   */
  keepsReceipt: boolean;
}

export type CheckInDecision =
  | { kind: 'replay'; response: CheckInResponse }
  | { kind: 'apply'; plan: WritePlan; response: CheckInResponse };

/** Decides a check-in; a refusal is thrown as the GraphError the device is answered with. */
export function decide(
  device: StoredDevice,
  report: DeviceReport,
  policy: TenantPolicy,
  settings: CheckInSettings,
): CheckInDecision {
  const { now } = settings;
  if (report.sequence <= device.lastSequence) {
    if (device.receipt?.sequence === report.sequence) {
      return { kind: 'replay', response: { ...device.receipt.response, replayed: true } };
    }
    throw conflict(
      'sequence',
      `Invalid field 'sequence': must be greater than ${device.lastSequence}, the last check-in applied.`,
    );
  }
  // The device's counter is in its row: every instance counts the same check-ins. A refused
  // check-in writes nothing.
  const rate = countRequest(device.checkInWindow, settings.rateLimit, now);
  if (!rate.allowed) throw tooManyRequests('check-ins of one device', settings.rateLimit, now);

  const plan: WritePlan = {
    device: { id: device.id, tenantId: device.tenantId, platform: device.platform },
    now,
    answeredCommands: [],
    managementAnswers: [],
    leftManagement: false,
    deviceColumns: {},
    apps: null,
    installStates: [],
    diagnostics: null,
    delivered: [],
    keepsReceipt: false,
  };
  // Answers to commands first: a device that acknowledges retire or wipe leaves management here,
  // and nothing else it reported in this check-in is stored.
  const management = answerCommands(device, report, plan);
  if (management?.ended) return leaveManagement(device, report, plan, management.state, settings);

  let managementState = device.managementState;
  let storedHash = device.appInventoryHash;
  let installStates = device.installStates;
  if (management) {
    managementState = management.state;
    // A wipe that kept the enrollment emptied the inventory: the next list is stored in full.
    if (management.state === 'managed') {
      storedHash = null;
      installStates = new Map();
    }
  }

  const columns = plan.deviceColumns;
  const discarded: DiscardedData[] = [];
  const hardwareFieldsChanged = report.hardware
    ? decideHardware(device, report.hardware, columns, discarded)
    : [];
  if (report.security) refuseSecurityNotOnPlatform(device, report.security);
  const { appInventory, appCompliance } = decideApps(
    device,
    storedHash,
    report,
    policy,
    plan,
    discarded,
  );
  decideCompliance(device, storedHash, report, policy, appCompliance, plan, discarded);
  plan.installStates = decideInstallStates(report, policy, installStates);
  const diagnostics = decideDiagnostics(device, report, policy, plan, discarded);

  const answered = new Set(plan.answeredCommands.map((command) => command.commandId));
  const deliverable = device.commands.filter(
    (command) =>
      !answered.has(command.id) && (command.status === 'pending' || command.status === 'delivered'),
  );
  plan.delivered = deliverable
    .filter((command) => command.status === 'pending')
    .map((command) => command.id);
  const commands: DeliveredCommand[] = deliverable.map((command) => ({
    commandId: command.id,
    action: command.action,
    parameters: command.parameters,
  }));

  columns.last_checkin_at = now;
  columns.last_sequence = report.sequence;
  columns.rate_window_start = rate.next.windowStart;
  columns.rate_window_count = rate.next.count;

  const response: CheckInResponse = {
    deviceId: device.id,
    sequence: report.sequence,
    receivedDateTime: new Date(now).toISOString(),
    ownership: device.ownership,
    managementState,
    complianceState:
      (columns.compliance_state as ComplianceState | undefined) ?? device.complianceState,
    directives: {
      ...collectionDirectives({
        platform: device.platform,
        enrollmentType: device.enrollmentType,
        ownership: device.ownership,
        compliantAppListOn: policy.compliantAppListOn,
        diagnosticsEnabled: policy.diagnosticsEnabled,
        compliancePoliciesOn: policy.compliancePolicies.length > 0,
      }),
      checkInIntervalSeconds: settings.checkInIntervalSeconds,
    },
    deployedApps: policy.deployedApps.filter((app) => app.intent !== null),
    commands,
    appInventory,
    stored: {
      hardwareFieldsChanged,
      installStates: plan.installStates.length,
      commandResults: plan.answeredCommands.length,
      diagnostics,
    },
    discarded,
  };
  plan.keepsReceipt = true;
  return { kind: 'apply', plan, response };
}

/**
 * The answer as kept to answer a retry: secrets in command parameters are not kept (a retried
 * response lacks them, and the command is delivered again, in full, at the next check-in).
 */
export function receiptOf(response: CheckInResponse): CheckInResponse {
  return {
    ...response,
    commands: response.commands.map((command) => ({
      ...command,
      parameters: withoutSecrets(command.parameters),
    })),
  };
}

/** The answer once the store replaced the inventory: how many app versions it added and removed. */
export function withAppChange(
  response: CheckInResponse,
  change: { added: number; removed: number } | null,
): CheckInResponse {
  if (!change) return response;
  return { ...response, appInventory: { ...response.appInventory, ...change } };
}

/**
 * The check-in in which a device acknowledged retire or wipe: its data is deleted with the answer;
 * only its last contact is recorded. No receipt: its credential no longer works, so there is no
 * retry to answer.
 */
function leaveManagement(
  device: StoredDevice,
  report: DeviceReport,
  plan: WritePlan,
  managementState: 'retired' | 'wiped',
  settings: CheckInSettings,
): CheckInDecision {
  plan.leftManagement = true;
  plan.deviceColumns = { last_checkin_at: settings.now, last_sequence: report.sequence };
  const discarded: DiscardedData[] = (
    ['hardware', 'apps', 'installStates', 'diagnostics', 'security'] as const
  )
    .filter((field) => report[field] !== undefined)
    .map((field) => ({ field, reason: 'deviceLeftManagement' }));
  return {
    kind: 'apply',
    plan,
    response: {
      deviceId: device.id,
      sequence: report.sequence,
      receivedDateTime: new Date(settings.now).toISOString(),
      ownership: device.ownership,
      managementState,
      complianceState: device.complianceState,
      directives: {
        ...collectionDirectives({
          platform: device.platform,
          enrollmentType: device.enrollmentType,
          ownership: device.ownership,
          compliantAppListOn: false,
          diagnosticsEnabled: false,
          compliancePoliciesOn: false,
        }),
        checkInIntervalSeconds: settings.checkInIntervalSeconds,
      },
      deployedApps: [],
      commands: [],
      appInventory: { status: 'notReported', reported: 0, stored: 0, added: 0, removed: 0 },
      stored: {
        hardwareFieldsChanged: [],
        installStates: 0,
        commandResults: plan.answeredCommands.length,
        diagnostics: 0,
      },
      discarded,
    },
  };
}

/** What answering retire or wipe does: `done` ends management, unless a wipe keeps the enrollment. */
export function managementOutcomeOf(
  action: 'retire' | 'wipe',
  parameters: Record<string, unknown> | null,
  status: 'done' | 'failed',
): ManagementOutcome {
  if (status === 'failed')
    return { ended: false, state: action === 'retire' ? 'retireFailed' : 'wipeFailed' };
  if (action === 'wipe' && wipeKeepsEnrollment(parameters))
    return { ended: false, state: 'managed' };
  return { ended: true, state: action === 'retire' ? 'retired' : 'wiped' };
}

/**
 * The device's answers to commands it was sent; secrets among a command's parameters are dropped
 * once it is answered. Returns the last change of management an answer made, if any.
 */
function answerCommands(
  device: StoredDevice,
  report: DeviceReport,
  plan: WritePlan,
): ManagementOutcome | null {
  if (!report.commandResults) return null;
  const commands = new Map(device.commands.map((command) => [command.id, command]));
  let management: ManagementOutcome | null = null;
  for (const [index, result] of report.commandResults.entries()) {
    const command = commands.get(result.commandId);
    if (!command) {
      throw invalidRequest(
        `commandResults[${index}].commandId`,
        `Invalid field 'commandResults[${index}].commandId': no such command was sent to this device.`,
      );
    }
    if (
      result.location &&
      !mayStoreLocation({
        ownership: device.ownership,
        answersLocateCommand: command.action === 'locateDevice',
      })
    ) {
      throw invalidRequest(
        `commandResults[${index}].location`,
        `Invalid field 'commandResults[${index}].location': a location is only accepted from a corporate device answering locateDevice.`,
      );
    }
    const answeredBefore = plan.answeredCommands.some((answer) => answer.commandId === command.id);
    if ((command.status !== 'pending' && command.status !== 'delivered') || answeredBefore)
      continue;
    const outcome = {
      ...(result.errorDetail ? { errorDetail: result.errorDetail } : {}),
      ...(result.location ? { location: result.location } : {}),
    };
    const kept = withoutSecrets(command.parameters);
    plan.answeredCommands.push({
      commandId: command.id,
      status: result.status,
      result: Object.keys(outcome).length ? JSON.stringify(outcome) : null,
      parameters: kept ? JSON.stringify(kept) : null,
    });
    if (command.action !== 'retire' && command.action !== 'wipe') continue;
    management = managementOutcomeOf(command.action, command.parameters, result.status);
    plan.managementAnswers.push({
      command: { id: command.id, action: command.action },
      status: result.status,
      outcome: management,
      previousState: device.managementState,
    });
    // Once retired or wiped, later answers in the same list no longer matter.
    if (management.ended) break;
  }
  return management;
}

/** Hardware fields that changed go into `columns`; returns their names. */
function decideHardware(
  device: StoredDevice,
  reported: NonNullable<DeviceReport['hardware']>,
  columns: Record<string, unknown>,
  discarded: DiscardedData[],
): string[] {
  const values = canonicalHardware(device.platform, reported);
  const osVersion = (values.osVersion as string | undefined) ?? device.osVersion;
  const notOnPlatform = findFieldNotOnPlatform(
    device.platform,
    device.enrollmentType,
    values,
    osVersion,
  );
  if (notOnPlatform) {
    throw invalidRequest(
      `hardware.${notOnPlatform.field}`,
      `Invalid field 'hardware.${notOnPlatform.field}': ${notOnPlatform.problem}.`,
    );
  }
  if (typeof values.phoneNumber === 'string' && device.ownership !== 'corporate') {
    discarded.push({ field: 'hardware.phoneNumber', reason: 'personalDeviceKeepsLastFourDigits' });
  }
  const stored = hardwareColumns(values, device.ownership);
  for (const [column, value] of Object.entries(stored)) {
    if (comparable(device.hardwareColumns[column]) !== comparable(value)) columns[column] = value;
  }
  return (Object.keys(values) as HardwareField[]).filter((field) =>
    columnsOfHardwareField(field).some((column) => column in columns),
  );
}

function decideApps(
  device: StoredDevice,
  storedHash: string | null,
  report: DeviceReport,
  policy: TenantPolicy,
  plan: WritePlan,
  discarded: DiscardedData[],
): {
  appInventory: CheckInResponse['appInventory'];
  /** The compliant-app lists' verdict on the apps reported in this check-in (none reported: null). */
  appCompliance: AppComplianceResult | null;
} {
  let appCompliance: AppComplianceResult | null = null;
  const result = (
    status: AppInventoryStatus,
    reported = 0,
    stored = 0,
    added = 0,
    removed = 0,
  ) => ({
    appInventory: { status, reported, stored, added, removed },
    appCompliance,
  });
  if (!report.apps) {
    if (!report.appInventoryHash) return result('notReported');
    return report.appInventoryHash === storedHash ? result('unchanged') : result('resendRequired');
  }
  const reported = detectedAppsOf(report.apps);
  const scope = appInventoryScope({
    platform: device.platform,
    enrollmentType: device.enrollmentType,
    ownership: device.ownership,
    compliantAppListOn: policy.compliantAppListOn,
  });
  const selection = selectAppsToStore(reported, {
    scope: scope.scope,
    enrollmentType: device.enrollmentType,
    assignedAppIds: policy.assignedAppIds,
  });
  for (const { reason, count } of selection.discarded)
    discarded.push({ field: 'apps', reason, count });

  appCompliance = policy.compliantAppListOn
    ? evaluateAppCompliance(policy.appListRules, selection.stored, policy.assignedAppIds)
    : { state: 'compliant' };

  const columns = plan.deviceColumns;
  const hash = appInventoryHash(selection.stored);
  if (hash === storedHash) return result('unchanged', reported.length, selection.stored.length);
  plan.apps = selection.stored;
  columns.app_inventory_hash = hash;
  // added and removed are known once the store compared the list with the stored one.
  return result('updated', reported.length, selection.stored.length);
}

function decideInstallStates(
  report: DeviceReport,
  policy: TenantPolicy,
  stored: ReadonlyMap<string, StoredInstallState>,
): InstallStateChange[] {
  if (!report.installStates) return [];
  const deployed = new Set(policy.deployedApps.map((app) => app.mobileAppId));
  const latest = new Map<string, InstallStateChange>();
  report.installStates.forEach((state, index) => {
    if (!deployed.has(state.mobileAppId)) {
      throw invalidRequest(
        `installStates[${index}].mobileAppId`,
        `Invalid field 'installStates[${index}].mobileAppId': not an app the tenant deploys to this platform.`,
      );
    }
    latest.set(state.mobileAppId, state);
  });
  return [...latest.values()]
    .filter((state) => {
      const known = stored.get(state.mobileAppId);
      return !known || known.state !== state.state || known.errorCode !== state.errorCode;
    })
    .sort((a, b) => (a.mobileAppId < b.mobileAppId ? -1 : 1));
}

/**
 * Optional diagnostics (docs/collection-rules.md "Phone number, location, diagnostics"): discarded unstored with the tenant's setting off;
 * with it on, stored pseudonymized by the store, never with the events' free text.
 */
function decideDiagnostics(
  device: StoredDevice,
  report: DeviceReport,
  policy: TenantPolicy,
  plan: WritePlan,
  discarded: DiscardedData[],
): number {
  const events = report.diagnostics;
  if (!events?.length) return 0;
  if (!policy.diagnosticsEnabled) {
    discarded.push({ field: 'diagnostics', reason: 'diagnosticsOff', count: events.length });
    return 0;
  }
  plan.diagnostics = {
    events,
    osVersion: (plan.deviceColumns.os_version as string | undefined) ?? device.osVersion,
    userPrincipalName: device.userPrincipalName,
  };
  const withDetail = events.filter((event) => event.detail !== undefined).length;
  if (withDetail) {
    discarded.push({ field: 'diagnostics.detail', reason: 'freeTextNotKept', count: withDetail });
  }
  return events.length;
}

function refuseSecurityNotOnPlatform(
  device: StoredDevice,
  security: NonNullable<DeviceReport['security']>,
): void {
  const field = securityFieldNotOnPlatform(device.platform, security);
  if (field) {
    throw invalidRequest(
      `security.${field}`,
      `Invalid field 'security.${field}': ${device.platform} devices do not report it.`,
    );
  }
}

/**
 * complianceState (docs/graph-api.md "deviceCompliancePolicies"): every assigned compliance policy
 * of the platform, evaluated against the security state the device reports (or last reported) and
 * its OS version, combined with the compliant-app lists — noncompliant if any says so, unknown if
 * any could not be evaluated, else compliant. With no policy (and none evaluated before), the
 * compliant-app lists decide alone, as before policies existed.
 */
function decideCompliance(
  device: StoredDevice,
  storedHash: string | null,
  report: DeviceReport,
  policy: TenantPolicy,
  apps: AppComplianceResult | null,
  plan: WritePlan,
  discarded: DiscardedData[],
): void {
  const columns = plan.deviceColumns;
  const setState = (state: ComplianceState, detail: string | null) => {
    if (state !== device.complianceState) columns.compliance_state = state;
    if (detail !== device.complianceDetail) columns.compliance_detail = detail;
  };
  const appDetail = (result: AppComplianceResult) =>
    result.state === 'noncompliant'
      ? JSON.stringify({ rule: result.rule, offendingApp: result.offendingApp })
      : null;
  if (policy.compliancePolicies.length === 0) {
    // Kept only for evaluation: with no policy to evaluate, nothing of it is stored.
    if (report.security) discarded.push({ field: 'security', reason: 'noCompliancePolicy' });
    if (device.compliancePolicyStates === null) {
      if (apps) setState(apps.state, appDetail(apps));
      return;
    }
    // The last policy went: its results and the reported state go; the app lists decide alone.
    columns.compliance_policy_states = null;
  }

  const stored = device.compliancePolicyStates
    ? (JSON.parse(device.compliancePolicyStates) as StoredComplianceEvaluation)
    : null;
  // Like hardware fields, a state not in this report keeps its last reported value.
  const security =
    report.security || stored?.security ? { ...stored?.security, ...report.security } : null;
  const osVersion = (columns.os_version as string | undefined) ?? device.osVersion;
  // A check-in that reports neither security state nor a new OS version, under the same policy
  // versions, cannot change a result: the stored ones stand (the steady check-in's hot path).
  const results =
    stored !== null &&
    report.security === undefined &&
    osVersion === device.osVersion &&
    evaluatedUnder(stored, policy.compliancePolicies)
      ? stored.policies
      : policy.compliancePolicies.map((rule) =>
          evaluateCompliancePolicy(rule, { platform: device.platform, osVersion, security }),
        );
  const unchanged =
    stored !== null &&
    JSON.stringify(stored.policies) === JSON.stringify(results) &&
    JSON.stringify(stored.security) === JSON.stringify(security);
  if (results.length > 0 && !unchanged) {
    columns.compliance_policy_states = JSON.stringify({
      evaluatedAt: plan.now,
      security,
      policies: results,
    });
  }

  const parts: CompliancePart[] = results.map((result) => partOfPolicy(result.state));
  let detail: string | null = null;
  if (policy.compliantAppListOn) {
    // Without a list in this check-in the last evaluation stands: its detail names the offending
    // app; a device that has not sent its list since the lists changed is not yet evaluated.
    if (apps) {
      parts.push(apps.state);
      detail = appDetail(apps);
    } else {
      detail = device.complianceDetail;
      parts.push(detail !== null ? 'noncompliant' : storedHash === null ? 'unknown' : 'compliant');
    }
  }
  setState(combineCompliance(parts) ?? 'compliant', detail);
}

/** The stored evaluation is of exactly these policies, each at its current version. */
function evaluatedUnder(
  stored: StoredComplianceEvaluation,
  rules: readonly CompliancePolicyRule[],
): boolean {
  return (
    stored.policies.length === rules.length &&
    stored.policies.every(
      (result, i) => result.policyId === rules[i].id && result.version === rules[i].version,
    )
  );
}

/** Compares stored and new column values across drivers (PostgreSQL int8 may arrive as text). */
function comparable(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
