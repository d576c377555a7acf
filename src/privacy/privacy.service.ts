import { Injectable } from '@nestjs/common';
import { EnrollmentType, Ownership, Platform, privacyView, PrivacyViewEntry } from '../rules';
import { itemNotFound, unauthenticated } from '../platform/http/graph-error';
import { WriteTransactions } from '../platform/database/write-transactions';
import { AuthenticatedDevice } from '../platform/auth/device-authentication';

export interface DevicePrivacyView {
  deviceId: string;
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  categories: PrivacyViewEntry[];
}

/** What the organization can see about a device, and why: for the device's user and for admins. */
@Injectable()
export class PrivacyService {
  constructor(private readonly transactions: WriteTransactions) {}

  async viewFor(caller: AuthenticatedDevice): Promise<DevicePrivacyView> {
    const device = await this.facts('d.id = ? AND d.credential_hash = ?', [
      caller.id,
      caller.credentialHash,
    ]);
    if (!device) throw unauthenticated();
    return viewOf(caller.id, device);
  }

  /** The same view for an admin of the device's tenant: what is kept about this device, and why. */
  async adminViewFor(tenantId: string, deviceId: string): Promise<DevicePrivacyView> {
    const device = await this.facts('d.id = ? AND d.tenant_id = ? AND d.retired_at IS NULL', [
      deviceId,
      tenantId,
    ]);
    if (!device) throw itemNotFound('The managed device');
    return viewOf(deviceId, device);
  }

  private async facts(where: string, params: unknown[]): Promise<DeviceFacts | undefined> {
    const [device] = await this.transactions.read<DeviceFacts>(
      `SELECT d.platform, d.enrollment_type, d.ownership, d.os_version, t.diagnostics_enabled,
         (SELECT COUNT(*) FROM device_configuration p WHERE p.tenant_id = d.tenant_id AND p.platform = d.platform
           AND p.compliant_app_list_type <> 'none') AS rules,
         (SELECT COUNT(*) FROM device_compliance_policy c WHERE c.tenant_id = d.tenant_id
           AND c.platform = d.platform AND c.assignments <> '[]') AS compliance_policies
       FROM device d JOIN tenant t ON t.id = d.tenant_id WHERE ${where}`,
      params,
    );
    return device;
  }
}

interface DeviceFacts {
  platform: Platform;
  enrollment_type: EnrollmentType;
  ownership: Ownership;
  os_version: string;
  diagnostics_enabled: number | boolean;
  rules: number;
  compliance_policies: number;
}

function viewOf(deviceId: string, device: DeviceFacts): DevicePrivacyView {
  return {
    deviceId,
    platform: device.platform,
    enrollmentType: device.enrollment_type,
    ownership: device.ownership,
    categories: privacyView({
      platform: device.platform,
      enrollmentType: device.enrollment_type,
      ownership: device.ownership,
      osVersion: device.os_version,
      compliantAppListOn: Number(device.rules) > 0,
      diagnosticsEnabled: Boolean(device.diagnostics_enabled),
      compliancePoliciesOn: Number(device.compliance_policies) > 0,
    }),
  };
}
