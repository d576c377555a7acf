import { removeDetectedApps } from './device-apps.store';
import { Tx } from '../database/write-transactions';

/**
 * What remains of a retired or wiped device: a tombstone with its id, tenant, platform, ownership
 * and dates, and its commands' states (for deviceActionResults). Credential, app inventory, install
 * states, personal fields, check-in receipts, command parameters and results (locations, unlock
 * codes) and the identifiers of an Apple MDM enrollment are deleted.
 */
export async function retireDeviceData(
  tx: Tx,
  deviceId: string,
  state: 'retired' | 'wiped',
  now: number,
): Promise<void> {
  await removeDetectedApps(tx, deviceId);
  await tx.run('DELETE FROM managed_app_install_state WHERE device_id = ?', [deviceId]);
  await tx.run('DELETE FROM checkin_receipt WHERE device_id = ?', [deviceId]);
  await tx.run(
    `UPDATE device_command SET status = 'cancelled', completed_at = ? WHERE device_id = ? AND status IN ('pending', 'delivered')`,
    [now, deviceId],
  );
  await tx.run('UPDATE device_command SET parameters = NULL, result = NULL WHERE device_id = ?', [
    deviceId,
  ]);
  // An Apple MDM enrollment of the device forgets it too, however management ended (its user, an
  // admin, the cleanup rule, an erasure): nothing more is sent, its UDID/EnrollmentID are gone.
  await tx.run(
    `DELETE FROM apple_mdm_command WHERE status IN ('queued', 'sent')
       AND enrollment_id IN (SELECT id FROM apple_mdm_enrollment WHERE device_id = ?)`,
    [deviceId],
  );
  await tx.run(
    `UPDATE apple_mdm_enrollment SET checked_out_at = COALESCE(checked_out_at, ?), sealed_credential = NULL,
       authenticate = NULL, udid = NULL, enrollment_id = NULL, user_principal_name = NULL
     WHERE device_id = ?`,
    [now, deviceId],
  );
  await tx.run(
    `UPDATE device SET management_state = ?, retired_at = ?, credential_hash = NULL, app_inventory_hash = NULL,
       serial_number = NULL, imei = NULL, imei2 = NULL, meid = NULL, iccid = NULL, eid = NULL, udid = NULL,
       wifi_mac = NULL, ethernet_mac = NULL, phone_number = NULL, phone_number_last4 = NULL,
       subscriber_carrier = NULL, ip_address = NULL, apple_id = NULL, android_id = NULL, windows_device_id = NULL,
       user_principal_name = NULL, user_display_name = NULL, user_email = NULL, notes = NULL,
       device_name = 'Retired device', managed_device_name = NULL, compliance_detail = NULL,
       compliance_policy_states = NULL
     WHERE id = ?`,
    [state, now, deviceId],
  );
}

/**
 * A wipe that keeps the enrollment (Windows `keepEnrollmentData`): the device was reset, so its app
 * inventory and install states are gone and will be reported afresh; it stays enrolled and managed.
 */
export async function resetWipedDeviceData(tx: Tx, deviceId: string): Promise<void> {
  await removeDetectedApps(tx, deviceId);
  await tx.run('DELETE FROM managed_app_install_state WHERE device_id = ?', [deviceId]);
  await tx.run(
    `UPDATE device SET management_state = 'managed', app_inventory_hash = NULL WHERE id = ?`,
    [deviceId],
  );
}
