import { Injectable } from '@nestjs/common';
import { loadCollectionContext } from '../check-in/collection-context';
import { Platform } from '../collection-rules';
import { Tx } from '../database/write-transactions';
import { TenantPolicy } from '../rules/tenant-policy';

/** Tenant+platform pairs kept; a fleet has few tenants, this only bounds a pathological one. */
const MAX_ENTRIES = 10_000;

interface Entry {
  version: number;
  policy: TenantPolicy;
}

/**
 * The tenant policies check-ins and enrollments decide with, cached per tenant and platform. An
 * entry is used only while the tenant's policy_version — read in the same statement as the device
 * or enrollment token — is the one it was loaded at: every instance sees an admin's change at the
 * next check-in after its commit (tenantPolicyChanged).
 */
@Injectable()
export class TenantPolicies {
  private readonly entries = new Map<string, Entry>();

  async get(
    tx: Tx,
    tenant: { id: string; policyVersion: number; diagnosticsEnabled: boolean },
    platform: Platform,
  ): Promise<TenantPolicy> {
    const key = `${tenant.id}\u0000${platform}`;
    const entry = this.entries.get(key);
    if (
      entry?.version === tenant.policyVersion &&
      entry.policy.diagnosticsEnabled === tenant.diagnosticsEnabled
    ) {
      return entry.policy;
    }
    const policy = await loadCollectionContext(tx, tenant.id, platform, tenant.diagnosticsEnabled);
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { version: tenant.policyVersion, policy });
    return policy;
  }
}

/** Called in the transaction of every admin write that changes a tenant policy. */
export async function tenantPolicyChanged(tx: Tx, tenantId: string): Promise<void> {
  await tx.run('UPDATE tenant SET policy_version = policy_version + 1 WHERE id = ?', [tenantId]);
}
