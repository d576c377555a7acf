import { ResourceDefinition } from '../../src/graph/odata/resource-definition';

/** A device row as stored: datetimes in epoch ms, booleans 0/1, ownership in storage words. */
export interface DeviceRow {
  id: string;
  device_name: string | null;
  serial_number: string | null;
  imei: string | null;
  user_principal_name: string | null;
  operating_system: string | null;
  ownership: string | null;
  last_sync_ms: number | null;
  enrolled_ms: number;
  storage_bytes: number | null;
  battery_percent: number | null;
  is_encrypted: number | null;
  notes: string | null;
}

/** The managedDevices whitelist used by the OData tests, over a table aliased `d`. */
export const devices: ResourceDefinition<DeviceRow> = {
  name: 'managedDevices',
  key: 'id',
  properties: {
    id: { column: 'd.id', type: 'guid', nullable: false },
    deviceName: { column: 'd.device_name', type: 'string', value: (row) => row.device_name },
    serialNumber: { column: 'd.serial_number', type: 'string', value: (row) => row.serial_number },
    imei: { column: 'd.imei', type: 'string', value: (row) => row.imei },
    userPrincipalName: {
      column: 'd.user_principal_name',
      type: 'string',
      value: (row) => row.user_principal_name,
    },
    operatingSystem: {
      column: 'd.operating_system',
      type: 'string',
      value: (row) => row.operating_system,
    },
    managedDeviceOwnerType: {
      column: 'd.ownership',
      type: 'enum',
      enumTypeName: 'microsoft.graph.managedDeviceOwnerType',
      values: { unknown: 'unknown', company: 'corporate', personal: 'personal' },
      value: (row) => row.ownership,
    },
    lastSyncDateTime: {
      column: 'd.last_sync_ms',
      type: 'datetime',
      value: (row) => row.last_sync_ms,
    },
    enrolledDateTime: {
      column: 'd.enrolled_ms',
      type: 'datetime',
      nullable: false,
      value: (row) => row.enrolled_ms,
    },
    totalStorageSpaceInBytes: {
      column: 'd.storage_bytes',
      type: 'int',
      value: (row) => row.storage_bytes,
    },
    batteryLevelPercentage: {
      column: 'd.battery_percent',
      type: 'number',
      value: (row) => row.battery_percent,
    },
    isEncrypted: { column: 'd.is_encrypted', type: 'boolean', value: (row) => row.is_encrypted },
    notes: { column: 'd.notes', type: 'string', filterable: false, sortable: false },
  },
  searchColumns: ['d.device_name', 'd.serial_number', 'd.imei', 'd.user_principal_name'],
};
