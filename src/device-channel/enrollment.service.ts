import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  collectionDirectives,
  corporateIdentifierCandidates,
  decideOwnership,
  findFieldNotOnPlatform,
  isEnrollmentTypeOf,
} from '../rules';
import { AuditService } from '../platform/audit/audit.service';
import { EnrollmentResponse } from './contract/device-channel.types';
import { AppConfig } from '../platform/config/config';
import { invalidRequest, unauthenticated } from '../platform/http/graph-error';
import { hashToken, newToken, ServerSecrets } from '../platform/secrets';
import { APP_CONFIG, SERVER_SECRETS } from '../platform/tokens';
import { Tx, WriteTransactions } from '../platform/database/write-transactions';
import {
  AuthenticatedDevice,
  AuthenticatedEnrollment,
} from '../platform/auth/device-authentication';
import { canonicalHardware, hardwareColumns } from './hardware-inventory';
import { retireDeviceData } from '../platform/store/retirement';
import {
  countRequest,
  countTokenRequestParams,
  countTokenRequestSql,
  RateLimit,
  tooManyRequests,
} from '../platform/limits/fixed-window';
import { EnrollRequest } from './json/messages';
import { TenantPolicies } from '../platform/store/tenant-policies';
import { deviceActor, deviceRetired, managedDeviceResource } from '../platform/audit/audit-events';

@Injectable()
export class EnrollmentService {
  private readonly rateLimit: RateLimit;

  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    private readonly policies: TenantPolicies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {
    this.rateLimit = {
      limit: config.rateLimits.enrollmentsPerToken,
      windowMs: config.rateLimits.windowMs,
    };
  }

  enroll(enrollment: AuthenticatedEnrollment, dto: EnrollRequest): Promise<EnrollmentResponse> {
    return this.transactions.run((tx) => this.enrollWithin(tx, enrollment, dto));
  }

  /**
   * The same enrollment inside a transaction the caller runs: a transport that keeps its own state
   * of the enrollment (Apple MDM's identity and command queue) commits it with the device row.
   */
  async enrollWithin(
    tx: Tx,
    enrollment: AuthenticatedEnrollment,
    dto: EnrollRequest,
  ): Promise<EnrollmentResponse> {
    if (!isEnrollmentTypeOf(dto.platform, dto.enrollmentType)) {
      throw invalidRequest(
        'enrollmentType',
        `Invalid field 'enrollmentType': ${dto.enrollmentType} is not an enrollment type of ${dto.platform}.`,
      );
    }
    const hardware = canonicalHardware(dto.platform, dto.hardware);
    const notOnPlatform = findFieldNotOnPlatform(
      dto.platform,
      dto.enrollmentType,
      hardware,
      dto.hardware.osVersion,
    );
    if (notOnPlatform) {
      throw invalidRequest(
        `hardware.${notOnPlatform.field}`,
        `Invalid field 'hardware.${notOnPlatform.field}': ${notOnPlatform.problem}.`,
      );
    }
    const { tokenHash } = enrollment;
    const now = Date.now();
    const [token] = await tx.all<{
      id: string;
      tenant_id: string;
      diagnostics_enabled: number | boolean;
      policy_version: number | string;
      rate_window_start: number;
      rate_window_count: number;
    }>(
      `SELECT e.id, e.tenant_id, t.diagnostics_enabled, t.policy_version, e.rate_window_start, e.rate_window_count
       FROM enrollment_token e JOIN tenant t ON t.id = e.tenant_id
       WHERE e.token_hash = ? AND e.revoked_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > ?)`,
      [tokenHash, now],
    );
    if (!token) throw unauthenticated('The enrollment token is invalid, expired or revoked.');
    const counter = { windowStart: token.rate_window_start, count: token.rate_window_count };
    if (!countRequest(counter, this.rateLimit, now).allowed) {
      throw tooManyRequests('enrollment with one token', this.rateLimit, now);
    }
    const tenantId = token.tenant_id;

    const matched = await this.matchCorporateIdentifiers(tx, tenantId, dto.platform, hardware, now);
    const decision = decideOwnership({
      enrollmentType: dto.enrollmentType,
      matchesCorporateIdentifier: matched,
    });
    const context = await this.policies.get(
      tx,
      {
        id: tenantId,
        policyVersion: Number(token.policy_version),
        diagnosticsEnabled: Boolean(token.diagnostics_enabled),
      },
      dto.platform,
    );

    const deviceId = randomUUID();
    const credential = newToken('dev');
    const columns: Record<string, unknown> = {
      id: deviceId,
      tenant_id: tenantId,
      platform: dto.platform,
      enrollment_type: dto.enrollmentType,
      ownership: decision.ownership,
      ownership_reason: decision.reason,
      management_state: 'managed',
      compliance_state: context.compliantAppListOn ? 'unknown' : 'compliant',
      credential_hash: hashToken(this.secrets.tokenPepper, credential),
      ...hardwareColumns(hardware, decision.ownership),
      user_principal_name: dto.user?.userPrincipalName ?? null,
      user_display_name: dto.user?.displayName ?? null,
      user_email: dto.user?.emailAddress ?? null,
      enrolled_at: now,
      last_checkin_at: now,
      last_sequence: 0,
      checkin_count: 0,
    };
    const names = Object.keys(columns);
    await tx.run(
      `INSERT INTO device (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      Object.values(columns),
    );
    await this.audit.record(tx, {
      tenantId,
      category: 'Enrollment',
      activity: 'Enroll device',
      activityType: 'Create ManagedDevice',
      operationType: 'Create',
      actor: deviceActor(deviceId, 'Device enrollment'),
      resources: [
        managedDeviceResource(deviceId, [
          { displayName: 'managedDeviceOwnerType', oldValue: null, newValue: decision.ownership },
          { displayName: 'ownershipReason', oldValue: null, newValue: decision.reason },
        ]),
      ],
      correlationId: randomUUID(),
    });
    // Counted last, so that on PostgreSQL the token row is locked only until the commit, not
    // for the whole enrollment (enrollments with one token run in parallel); exact across
    // instances, as the statement counts only while the window has room.
    if (this.rateLimit.limit > 0) {
      const counted = await tx.run(
        countTokenRequestSql('enrollment_token'),
        countTokenRequestParams(token.id, this.rateLimit, now),
      );
      if (counted === 0) throw tooManyRequests('enrollment with one token', this.rateLimit, now);
    }
    return {
      deviceId,
      deviceCredential: credential,
      ownership: decision.ownership,
      ownershipReason: decision.reason,
      managementState: 'managed',
      directives: {
        ...collectionDirectives({
          platform: dto.platform,
          enrollmentType: dto.enrollmentType,
          ownership: decision.ownership,
          compliantAppListOn: context.compliantAppListOn,
          diagnosticsEnabled: context.diagnosticsEnabled,
          compliancePoliciesOn: context.compliancePolicies.length > 0,
        }),
        checkInIntervalSeconds: this.config.checkInIntervalSeconds,
      },
      deployedApps: context.deployedApps.filter((app) => app.intent !== null),
      checkInPath: `/enrollment/v1/devices/${deviceId}/checkin`,
    };
  }

  /**
   * The device user removes management (Company Portal's "Remove device"): the device is retired at
   * once — credential revoked, app inventory, install states and personal fields deleted — leaving
   * a tombstone for the audit trail.
   */
  unenroll(caller: AuthenticatedDevice): Promise<void> {
    return this.transactions.run((tx) => this.unenrollWithin(tx, caller));
  }

  /** The same removal inside a transaction the caller runs (Apple MDM's CheckOut). */
  async unenrollWithin(tx: Tx, caller: AuthenticatedDevice): Promise<void> {
    const deviceId = caller.id;
    // Read again in the transaction: a retire committed since the credential was checked cleared it.
    const [device] = await tx.all<{ tenant_id: string }>(
      'SELECT tenant_id FROM device WHERE id = ? AND credential_hash = ?',
      [deviceId, caller.credentialHash],
    );
    if (!device) throw unauthenticated();
    await retireDeviceData(tx, deviceId, 'retired', Date.now());
    await this.audit.record(
      tx,
      deviceRetired({
        tenantId: device.tenant_id,
        deviceId,
        activity: 'Device user removed management',
        actor: deviceActor(deviceId, 'Device enrollment'),
        previousState: null,
      }),
    );
  }

  private async matchCorporateIdentifiers(
    tx: Tx,
    tenantId: string,
    platform: EnrollRequest['platform'],
    hardware: ReturnType<typeof canonicalHardware>,
    now: number,
  ): Promise<boolean> {
    const candidates = corporateIdentifierCandidates(platform, {
      imei: hardware.imei as string | null | undefined,
      imei2: hardware.imei2 as string | null | undefined,
      serialNumber: hardware.serialNumber as string | null | undefined,
      manufacturer: hardware.manufacturer as string | undefined,
      model: hardware.model as string | undefined,
      osVersion: hardware.osVersion as string | undefined,
    });
    if (candidates.length === 0) return false;
    const where = candidates.map(() => '(kind = ? AND value = ?)').join(' OR ');
    const params = candidates.flatMap((candidate) => [candidate.kind, candidate.value]);
    const matches = await tx.all<{ id: string }>(
      `SELECT id FROM corporate_identifier WHERE tenant_id = ? AND (${where})`,
      [tenantId, ...params],
    );
    if (matches.length === 0) return false;
    await tx.run(
      `UPDATE corporate_identifier SET enrollment_state = 'enrolled', last_contacted_at = ?
       WHERE id IN (${matches.map(() => '?').join(', ')})`,
      [now, ...matches.map((m) => m.id)],
    );
    return true;
  }
}
