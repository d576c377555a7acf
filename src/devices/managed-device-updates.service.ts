import { Injectable } from '@nestjs/common';
import {
  isCorporate,
  mayRequestLocation,
  Ownership,
  phoneNumberToStore,
} from '../collection-rules';
import { auditActorOf, AuthenticatedAdmin } from '../admin-auth/authenticated-admin';
import { purgeUnmanagedAppsOfDevice } from '../apps/detected-apps.store';
import { AuditResource } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Tx, WriteTransactions } from '../database/write-transactions';
import { findManagedDevice, ManagedDeviceRow, refuseTombstone } from './managed-device-lookup';
import { ManagedDeviceOwnerType, ownerTypeOf, ownershipOf } from './managed-device-owner-type';
import { retireDeviceData } from './retirement';

export interface ManagedDeviceChanges {
  managedDeviceOwnerType?: ManagedDeviceOwnerType;
  managedDeviceName?: string | null;
  notes?: string | null;
}

type ModifiedProperty = AuditResource['modifiedProperties'][number];

/**
 * An admin's changes to a managed device: PATCH (ownership, name, notes) and DELETE. An ownership
 * change applies its consequences for collection in the same transaction (COLLECTION-RULES.md §2).
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
      for (const [property, column] of [
        ['managedDeviceName', 'managed_device_name'],
        ['notes', 'notes'],
      ] as const) {
        const value = changes[property];
        if (value === undefined || value === device[column]) continue;
        await tx.run(`UPDATE device SET ${column} = ? WHERE id = ?`, [value, device.id]);
        modified.push({ displayName: property, oldValue: device[column], newValue: value });
      }
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
   * Corporate → personal/unknown: the device's unmanaged apps and its full phone number are deleted
   * now, a pending locate is cancelled and earlier locations are deleted. Either way the device
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
      const deleted = await purgeUnmanagedAppsOfDevice(tx, {
        id: device.id,
        tenantId: device.tenant_id,
        platform: device.platform,
      });
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
      await this.audit.record(tx, {
        tenantId: admin.tenantId,
        category: 'Device',
        activity: 'Delete ManagedDevice',
        activityType: 'Delete ManagedDevice',
        operationType: 'Delete',
        actor: auditActorOf(admin),
        resources: [
          {
            resourceId: device.id,
            type: 'managedDevice',
            displayName: null,
            modifiedProperties: [
              {
                displayName: 'managementState',
                oldValue: device.management_state,
                newValue: 'retired',
              },
            ],
          },
        ],
        correlationId: admin.correlationId,
      });
    });
  }
}
