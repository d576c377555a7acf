import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Tx } from '../database/write-transactions';
import { ManagementState } from '../devices/device.entity';
import { resetWipedDeviceData, retireDeviceData } from '../devices/retirement';
import { RemoteAction } from './device-command.entity';
import { wipeKeepsEnrollment } from './wipe-options';

export interface AcknowledgedCommand {
  id: string;
  action: RemoteAction;
  parameters: Record<string, unknown> | null;
}

/** What a device's answer to retire or wipe did to its management. */
export type ManagementOutcome =
  { ended: true; state: 'retired' | 'wiped' } | { ended: false; state: ManagementState };

/**
 * Applies a device's answer to retire or wipe, in the check-in's transaction. `done` ends
 * management: the credential stops working and the device's inventory and personal data are
 * deleted, leaving a tombstone (a wipe with keepEnrollmentData only resets the inventory).
 * `failed` leaves the device managed in retireFailed/wipeFailed, so that the admin can try again.
 * Returns null for every other action.
 */
export async function applyManagementAnswer(
  tx: Tx,
  audit: AuditService,
  device: { id: string; tenantId: string; managementState: ManagementState },
  command: AcknowledgedCommand,
  status: 'done' | 'failed',
  now: number,
): Promise<ManagementOutcome | null> {
  if (command.action !== 'retire' && command.action !== 'wipe') return null;
  let outcome: ManagementOutcome;
  if (status === 'failed') {
    outcome = { ended: false, state: command.action === 'retire' ? 'retireFailed' : 'wipeFailed' };
    await tx.run('UPDATE device SET management_state = ? WHERE id = ?', [outcome.state, device.id]);
  } else if (command.action === 'wipe' && wipeKeepsEnrollment(command.parameters)) {
    outcome = { ended: false, state: 'managed' };
    await resetWipedDeviceData(tx, device.id);
  } else {
    outcome = { ended: true, state: command.action === 'retire' ? 'retired' : 'wiped' };
    await retireDeviceData(tx, device.id, outcome.state, now);
  }
  await audit.record(tx, {
    tenantId: device.tenantId,
    category: 'Device',
    activity: `Device answered ${command.action}`,
    activityType: `${command.action} ManagedDevice`,
    operationType: 'Action',
    result: status === 'done' ? 'Success' : 'Failure',
    actor: {
      type: 'device',
      id: device.id,
      userPrincipalName: null,
      ipAddress: null,
      applicationDisplayName: 'Device check-in',
    },
    resources: [
      {
        resourceId: device.id,
        type: 'managedDevice',
        displayName: null,
        modifiedProperties: [
          { displayName: 'deviceActionId', oldValue: null, newValue: command.id },
          {
            displayName: 'managementState',
            oldValue: device.managementState,
            newValue: outcome.state,
          },
        ],
      },
    ],
    correlationId: randomUUID(),
  });
  return outcome;
}
