import { conflict, itemNotFound } from '../http/graph-error';
import { Tx } from '../database/write-transactions';
import { DeviceRow } from '../database/entities/device.entity';

/** The columns an admin change of a device needs. */
export type ManagedDeviceRow = Pick<
  DeviceRow,
  | 'id'
  | 'tenant_id'
  | 'platform'
  | 'enrollment_type'
  | 'ownership'
  | 'management_state'
  | 'compliance_state'
  | 'managed_device_name'
  | 'notes'
  | 'phone_number'
  | 'phone_number_last4'
  | 'retired_at'
>;

/**
 * A device of the admin's tenant, locked for the rest of the transaction on PostgreSQL (a check-in
 * of the same device waits, then sees the change). Another tenant's device is the same 404 as an
 * unknown id.
 */
export async function findManagedDevice(
  tx: Tx,
  tenantId: string,
  deviceId: string,
): Promise<ManagedDeviceRow> {
  const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const [device] = await tx.all<ManagedDeviceRow>(
    `SELECT id, tenant_id, platform, enrollment_type, ownership, management_state, compliance_state,
       managed_device_name, notes, phone_number, phone_number_last4, retired_at
     FROM device WHERE id = ? AND tenant_id = ?${lock}`,
    [deviceId, tenantId],
  );
  if (!device) throw itemNotFound('The managed device');
  return device;
}

/** A retired or wiped device is a tombstone kept for the audit trail: nothing more can be done to it. */
export function refuseTombstone(device: ManagedDeviceRow): void {
  if (device.retired_at !== null) {
    throw conflict(undefined, `The device is no longer managed (${device.management_state}).`);
  }
}
