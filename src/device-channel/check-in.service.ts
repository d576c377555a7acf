import { Inject, Injectable } from '@nestjs/common';
import { unauthenticated } from '../platform/http/graph-error';
import { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/tokens';
import { Tx, WriteTransactions } from '../platform/database/write-transactions';
import { CheckInStore } from './check-in.store';
import { AuthenticatedDevice } from '../platform/auth/device-authentication';
import { DeviceReport } from './device-report';
import { TenantPolicies } from '../platform/store/tenant-policies';
import { CheckInSettings, decide, withAppChange } from './decide';
import { CheckInResponse } from './contract/device-channel.types';

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
    return this.transactions.run((tx) => this.checkInWithin(tx, caller, report));
  }

  /**
   * The same check-in inside a transaction the caller runs: a transport whose message has effects
   * of its own (Apple MDM's command queue) commits them with the check-in or not at all.
   */
  async checkInWithin(
    tx: Tx,
    caller: AuthenticatedDevice,
    report: DeviceReport,
  ): Promise<CheckInResponse> {
    const stored = await this.store.load(tx, caller, report);
    // A retire or wipe committed since the credential was checked cleared it.
    if (!stored) throw unauthenticated();
    const { device } = stored;
    const policy = await this.policies.get(tx, stored.tenant, device.platform);
    const decision = decide(device, report, policy, { ...this.settings, now: Date.now() });
    if (decision.kind === 'replay') return decision.response;
    return this.store.apply(tx, decision.plan, (change) =>
      withAppChange(decision.response, change),
    );
  }
}
