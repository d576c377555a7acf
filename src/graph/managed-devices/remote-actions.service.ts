import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mayRequestLocation } from '../../rules';
import { auditActorOf, AuthenticatedAdmin } from '../../platform/auth/authenticated-admin';
import { refusedAttempt } from '../../platform/auth/refused-attempt';
import { AuditService } from '../../platform/audit/audit.service';
import { accessDenied, conflict, invalidRequest } from '../../platform/http/graph-error';
import { Tx, WriteTransactions } from '../../platform/database/write-transactions';
import { ManagementState } from '../../platform/database/entities/device.entity';
import {
  findManagedDevice,
  ManagedDeviceRow,
  refuseTombstone,
} from '../../platform/store/managed-device-lookup';
import { RemoteAction } from '../../platform/database/entities/device-command.entity';
import { wipeOptionNotOnPlatform, WipeOptions, withoutSecrets } from '../../rules/wipe-options';

/** The management state a retire or wipe request moves the device to. */
const PENDING_STATE: Partial<Record<RemoteAction, ManagementState>> = {
  retire: 'retirePending',
  wipe: 'wipePending',
};

/**
 * Remote actions: an admin's request is queued as a device command (204), delivered in the device's
 * next check-in response, and answered by the device in a later check-in (see
 * command-acknowledgement.ts). Every request is audited in its own transaction.
 */
@Injectable()
export class RemoteActionsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  async request(
    admin: AuthenticatedAdmin,
    deviceId: string,
    action: RemoteAction,
    options: WipeOptions = {},
  ): Promise<void> {
    const refusal = await this.transactions.run(async (tx) => {
      const device = await findManagedDevice(tx, admin.tenantId, deviceId);
      refuseTombstone(device);
      if (action === 'locateDevice' && !mayRequestLocation(device.ownership)) {
        // Location is never taken from personal devices (docs/collection-rules.md "Phone number, location, diagnostics").
        const reason = `locateDevice is only available for corporate devices; this device is ${device.ownership}.`;
        await this.audit.record(
          tx,
          refusedAttempt(admin, {
            category: 'Device',
            activityType: 'locateDevice ManagedDevice',
            resource: {
              resourceId: device.id,
              type: 'managedDevice',
              displayName: null,
              modifiedProperties: [],
            },
            reason,
          }),
        );
        return reason;
      }
      if (action === 'wipe') {
        const option = wipeOptionNotOnPlatform(device.platform, options);
        if (option) {
          throw invalidRequest(
            option,
            `Invalid field '${option}': not supported when wiping a ${device.platform} device.`,
          );
        }
      }
      await this.queue(tx, admin, device, action, action === 'wipe' ? options : null);
      return null;
    });
    if (refusal) throw accessDenied(refusal);
  }

  private async queue(
    tx: Tx,
    admin: AuthenticatedAdmin,
    device: ManagedDeviceRow,
    action: RemoteAction,
    options: WipeOptions | null,
  ): Promise<void> {
    const now = Date.now();
    const newState = PENDING_STATE[action];
    const oldState = device.management_state;
    if (newState) {
      if (oldState === 'wipePending') {
        throw conflict(undefined, 'A wipe of this device is already pending.');
      }
      if (oldState === 'retirePending') {
        if (action === 'retire') {
          throw conflict(undefined, 'A retire of this device is already pending.');
        }
        // A wipe supersedes a pending retire: the device gets the stronger command only.
        await tx.run(
          `UPDATE device_command SET status = 'cancelled', completed_at = ?
           WHERE device_id = ? AND action = 'retire' AND status IN ('pending', 'delivered')`,
          [now, device.id],
        );
      }
      await tx.run('UPDATE device SET management_state = ? WHERE id = ?', [newState, device.id]);
    }
    const commandId = randomUUID();
    const parameters = options && Object.keys(options).length ? JSON.stringify(options) : null;
    await tx.run(
      `INSERT INTO device_command (id, tenant_id, device_id, action, parameters, status, requested_by, requested_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      [commandId, device.tenant_id, device.id, action, parameters, admin.userPrincipalName, now],
    );
    const optionProperties = Object.entries(withoutSecrets({ ...options }) ?? {}).map(
      ([name, value]) => ({ displayName: name, oldValue: null, newValue: String(value) }),
    );
    await this.audit.record(tx, {
      tenantId: admin.tenantId,
      category: 'Device',
      activity: `${action} ManagedDevice`,
      activityType: `${action} ManagedDevice`,
      operationType: 'Action',
      actor: auditActorOf(admin),
      resources: [
        {
          resourceId: device.id,
          type: 'managedDevice',
          displayName: null,
          modifiedProperties: [
            { displayName: 'deviceActionId', oldValue: null, newValue: commandId },
            ...(newState
              ? [{ displayName: 'managementState', oldValue: oldState, newValue: newState }]
              : []),
            ...optionProperties,
          ],
        },
      ],
      correlationId: admin.correlationId,
    });
  }
}
