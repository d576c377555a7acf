import { Inject, Injectable } from '@nestjs/common';
import { unauthenticated } from '../common/graph-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../core/tokens';
import { WriteTransactions } from '../database/write-transactions';
import { CheckInStore } from '../device-channel/check-in.store';
import { AuthenticatedDevice } from '../device-channel/device-authentication';
import { DeviceReport } from '../device-channel/device-report';
import { TenantPolicies } from '../device-channel/tenant-policies';
import { CheckInSettings, decide, receiptOf, withAppChange } from '../rules/decide';
import { CheckInResponse } from './device-channel.types';

/**
 * A check-in, whatever transport brought it: in one transaction, read the authenticated device
 * and its tenant's policy, decide (src/rules/decide.ts, pure), apply the plan, keep the receipt.
 */
@Injectable()
export class CheckInService {
  private readonly settings: Omit<CheckInSettings, 'now'>;

  constructor(
    private readonly transactions: WriteTransactions,
    private readonly store: CheckInStore,
    private readonly policies: TenantPolicies,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = {
      rateLimit: {
        limit: config.rateLimits.checkInsPerDevice,
        windowMs: config.rateLimits.windowMs,
      },
      checkInIntervalSeconds: config.checkInIntervalSeconds,
    };
  }

  checkIn(caller: AuthenticatedDevice, report: DeviceReport): Promise<CheckInResponse> {
    return this.transactions.run(async (tx) => {
      const stored = await this.store.load(tx, caller, report);
      // A retire or wipe committed since the credential was checked cleared it.
      if (!stored) throw unauthenticated();
      const { device } = stored;
      const policy = await this.policies.get(tx, stored.tenant, device.platform);
      const now = Date.now();
      const decision = decide(device, report, policy, { ...this.settings, now });
      if (decision.kind === 'replay') return decision.response;
      const change = await this.store.apply(tx, decision.plan);
      const response = withAppChange(decision.response, change);
      if (decision.plan.keepsReceipt) {
        await this.store.keepReceipt(tx, device.id, report.sequence, receiptOf(response), now);
      }
      return response;
    });
  }
}
