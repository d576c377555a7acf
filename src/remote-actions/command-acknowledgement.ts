import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Tx } from '../database/write-transactions';
import { resetWipedDeviceData, retireDeviceData } from '../devices/retirement';
import { ManagementAnswer } from '../rules/decide';

/**
 * Applies a device's answer to retire or wipe as decide() judged it, in the check-in's transaction.
 * `done` ends management: the credential stops working and the device's inventory and personal data
 * are deleted, leaving a tombstone (a wipe with keepEnrollmentData only resets the inventory).
 * `failed` leaves the device managed in retireFailed/wipeFailed, so that the admin can try again.
 */
export async function applyManagementAnswer(
  tx: Tx,
  audit: AuditService,
  device: { id: string; tenantId: string },
  answer: ManagementAnswer,
  now: number,
): Promise<void> {
  const { command, outcome, status } = answer;
  if (outcome.ended) await retireDeviceData(tx, device.id, outcome.state, now);
  else if (outcome.state === 'managed') await resetWipedDeviceData(tx, device.id);
  else
    await tx.run('UPDATE device SET management_state = ? WHERE id = ?', [outcome.state, device.id]);
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
            oldValue: answer.previousState,
            newValue: outcome.state,
          },
        ],
      },
    ],
    correlationId: randomUUID(),
  });
}
