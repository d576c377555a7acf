import { Injectable } from '@nestjs/common';
import {
  appInventoryScope,
  isCorporate,
  mayRequestLocation,
  Ownership,
  phoneNumberToStore,
} from '../../rules';
import { auditActorOf, AuthenticatedAdmin } from '../../platform/auth/authenticated-admin';
import { purgeUnmanagedAppsOfDevice } from '../../platform/store/device-apps.store';
import { compliantAppListOn } from '../../platform/store/collection-context';
import { AuditService } from '../../platform/audit/audit.service';
import { Tx, WriteTransactions } from '../../platform/database/write-transactions';
import {
  findManagedDevice,
  ManagedDeviceRow,
  refuseTombstone,
} from '../../platform/store/managed-device-lookup';
import { ManagedDeviceOwnerType, ownerTypeOf, ownershipOf } from './managed-device-owner-type';
import { retireDeviceData } from '../../platform/store/retirement';
import {
  changedProperties,
  deviceRetired,
  ModifiedProperty,
} from '../../platform/audit/audit-events';

export interface ManagedDeviceChanges {
  managedDeviceOwnerType?: ManagedDeviceOwnerType;
  managedDeviceName?: string | null;
  notes?: string | null;
}

/**
 * An admin's changes to a managed device: PATCH (ownership, name, notes) and DELETE. An ownership
 * change applies its consequences for collection in the same transaction (docs/collection-rules.md "Apps").
 */
@Injectable()
export class ManagedDeviceUpdatesService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  update(admin: AuthenticatedAdmin, deviceId: string, changes: ManagedDeviceChanges) {
    return this.transactions.run(async (tx) => {
      const device = await findManagedDevice(tx, admin.tenantId, deviceId);
      refuseTombstone(device);
      const modified: ModifiedProperty[] = [];
      if (changes.managedDeviceOwnerType !== undefined) {
        const ownership = ownershipOf(changes.managedDeviceOwnerType);
        if (ownership !== device.ownership) {
          modified.push(...(await this.changeOwnership(tx, device, ownership)));
        }
      }
      const named = changedProperties(
        { managedDeviceName: device.managed_device_name, notes: device.notes },
        { managedDeviceName: changes.managedDeviceName, notes: changes.notes },
      );
      for (const change of named) {
        const column = change.displayName === 'notes' ? 'notes' : 'managed_device_name';
        await tx.run(`UPDATE device SET ${column} = ? WHERE id = ?`, [change.newValue, device.id]);
      }
      modified.push(...named);
      // A device sent back unchanged (read-only properties only, or the same values) changes nothing.
      if (modified.length === 0) return;
      await this.audit.record(tx, {
        tenantId: admin.tenantId,
        category: 'Device',
        activity: 'Patch ManagedDevice',
        activityType: 'Patch ManagedDevice',
        operationType: 'Patch',
        actor: auditActorOf(admin),
        resources: [
          {
            resourceId: device.id,
            type: 'managedDevice',
            displayName: null,
            modifiedProperties: modified,
          },
        ],
        correlationId: admin.correlationId,
      });
    });
  }

  /**
   * Corporate → personal/unknown: the apps the rules no longer allow (unassigned ones, unless the
   * compliant-app feature keeps every app) and the full phone number are deleted now, a pending locate is cancelled and earlier locations are deleted. Either way the device
   * resends its full app list at its next check-in, collected under the new ownership.
   */
  private async changeOwnership(
    tx: Tx,
    device: ManagedDeviceRow,
    ownership: Ownership,
  ): Promise<ModifiedProperty[]> {
    const modified: ModifiedProperty[] = [
      {
        displayName: 'managedDeviceOwnerType',
        oldValue: ownerTypeOf(device.ownership),
        newValue: ownerTypeOf(ownership),
      },
    ];
    await tx.run(
      `UPDATE device SET ownership = ?, ownership_reason = 'administrator', app_inventory_hash = NULL
       WHERE id = ?`,
      [ownership, device.id],
    );
    if (isCorporate(device.ownership) && !isCorporate(ownership)) {
      const scope = appInventoryScope({
        platform: device.platform,
        enrollmentType: device.enrollment_type,
        ownership,
        compliantAppListOn: await compliantAppListOn(tx, device.tenant_id, device.platform),
      });
      const deleted =
        scope.scope === 'managedOnly'
          ? await purgeUnmanagedAppsOfDevice(tx, {
              id: device.id,
              tenantId: device.tenant_id,
              platform: device.platform,
            })
          : 0;
      modified.push({
        displayName: 'unmanagedAppsDeleted',
        oldValue: null,
        newValue: String(deleted),
      });
      if (device.phone_number !== null) {
        const kept = phoneNumberToStore(ownership, device.phone_number);
        await tx.run('UPDATE device SET phone_number = ?, phone_number_last4 = ? WHERE id = ?', [
          kept.full,
          kept.last4,
          device.id,
        ]);
        modified.push({ displayName: 'phoneNumber', oldValue: 'full', newValue: 'last4' });
      }
    }
    if (!mayRequestLocation(ownership)) {
      const now = Date.now();
      await tx.run(
        `UPDATE device_command SET status = 'cancelled', completed_at = ?
         WHERE device_id = ? AND action = 'locateDevice' AND status IN ('pending', 'delivered')`,
        [now, device.id],
      );
      await tx.run(
        `UPDATE device_command SET result = NULL WHERE device_id = ? AND action = 'locateDevice'`,
        [device.id],
      );
    }
    return modified;
  }

  /**
   * Graph's DELETE managedDevice: the device is removed from management at once, without waiting
   * for it to check in — credential revoked, data deleted, a tombstone kept for the audit trail.
   */
  delete(admin: AuthenticatedAdmin, deviceId: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      const device = await findManagedDevice(tx, admin.tenantId, deviceId);
      refuseTombstone(device);
      await retireDeviceData(tx, device.id, 'retired', Date.now());
      await this.audit.record(
        tx,
        deviceRetired({
          tenantId: admin.tenantId,
          deviceId: device.id,
          activity: 'Delete ManagedDevice',
          actor: auditActorOf(admin),
          previousState: device.management_state,
          correlationId: admin.correlationId,
        }),
      );
    });
  }
}
