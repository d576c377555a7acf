import { Inject, Injectable } from '@nestjs/common';
import {
  EnrollmentType,
  Ownership,
  Platform,
  privacyView,
  PrivacyViewEntry,
} from '../collection-rules';
import { unauthenticated } from '../common/graph-error';
import { ServerSecrets, tokenMatches } from '../common/secrets';
import { SERVER_SECRETS } from '../core/tokens';
import { WriteTransactions } from '../database/write-transactions';

export interface DevicePrivacyView {
  deviceId: string;
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  categories: PrivacyViewEntry[];
}

/** The device user's view of what their organization can see about this device. */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly transactions: WriteTransactions,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  async viewFor(deviceId: string, credential: string | null): Promise<DevicePrivacyView> {
    const [device] = await this.transactions.read<{
      platform: Platform;
      enrollment_type: EnrollmentType;
      ownership: Ownership;
      os_version: string;
      credential_hash: string | null;
      diagnostics_enabled: number | boolean;
      rules: number;
    }>(
      `SELECT d.platform, d.enrollment_type, d.ownership, d.os_version, d.credential_hash, t.diagnostics_enabled,
         (SELECT COUNT(*) FROM compliance_policy p WHERE p.tenant_id = d.tenant_id AND p.platform = d.platform) AS rules
       FROM device d JOIN tenant t ON t.id = d.tenant_id WHERE d.id = ?`,
      [deviceId],
    );
    if (
      !device ||
      !credential ||
      !device.credential_hash ||
      !tokenMatches(this.secrets.tokenPepper, credential, device.credential_hash)
    ) {
      throw unauthenticated();
    }
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
        compliantAppRuleOn: Number(device.rules) > 0,
        diagnosticsEnabled: Boolean(device.diagnostics_enabled),
      }),
    };
  }
}
