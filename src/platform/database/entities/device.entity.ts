import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EnrollmentType, Ownership, OwnershipReason, Platform } from '../../../rules';
import { bigintAsNumber } from '../column-transformers';

export const MANAGEMENT_STATES = [
  'managed',
  'retirePending',
  'retireFailed',
  'retired',
  'wipePending',
  'wipeFailed',
  'wiped',
] as const;
export type ManagementState = (typeof MANAGEMENT_STATES)[number];

export const COMPLIANCE_STATES = ['unknown', 'compliant', 'noncompliant'] as const;
export type ComplianceState = (typeof COMPLIANCE_STATES)[number];

/**
 * An enrolled device and its hardware inventory. The key is server-issued; hardware identifiers are
 * stored in canonical form (see src/identifiers) and are never unique.
 */
@Entity('device')
export class Device {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  platform!: Platform;

  @Column({ name: 'enrollment_type', type: 'varchar', length: 40 })
  enrollmentType!: EnrollmentType;

  @Column({ type: 'varchar', length: 16 })
  ownership!: Ownership;

  @Column({ name: 'ownership_reason', type: 'varchar', length: 32 })
  ownershipReason!: OwnershipReason | 'administrator';

  @Column({ name: 'management_state', type: 'varchar', length: 24 })
  managementState!: ManagementState;

  @Column({ name: 'compliance_state', type: 'varchar', length: 16 })
  complianceState!: ComplianceState;

  @Column({ name: 'compliance_detail', type: 'varchar', length: 600, nullable: true })
  complianceDetail!: string | null;

  /**
   * JSON of the device's last evaluation against the compliance policies that apply to it, with the
   * security state it last reported (StoredComplianceEvaluation); null while none applies.
   */
  @Column({ name: 'compliance_policy_states', type: 'text', nullable: true })
  compliancePolicyStates!: string | null;

  @Column({ name: 'credential_hash', type: 'varchar', length: 64, nullable: true })
  credentialHash!: string | null;

  @Column({ name: 'device_name', type: 'varchar', length: 256 })
  deviceName!: string;

  @Column({ name: 'managed_device_name', type: 'varchar', length: 256, nullable: true })
  managedDeviceName!: string | null;

  @Column({ type: 'varchar', length: 128 })
  manufacturer!: string;

  @Column({ type: 'varchar', length: 128 })
  model!: string;

  @Column({ name: 'os_version', type: 'varchar', length: 64 })
  osVersion!: string;

  @Column({ name: 'serial_number', type: 'varchar', length: 64, nullable: true })
  serialNumber!: string | null;

  @Column({ type: 'varchar', length: 15, nullable: true })
  imei!: string | null;

  @Column({ type: 'varchar', length: 15, nullable: true })
  imei2!: string | null;

  @Column({ type: 'varchar', length: 14, nullable: true })
  meid!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  iccid!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  eid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  udid!: string | null;

  @Column({ name: 'wifi_mac', type: 'varchar', length: 12, nullable: true })
  wiFiMacAddress!: string | null;

  @Column({ name: 'ethernet_mac', type: 'varchar', length: 12, nullable: true })
  ethernetMacAddress!: string | null;

  /** Full E.164 number: corporate devices only (docs/collection-rules.md "Phone number, location, diagnostics"). */
  @Column({ name: 'phone_number', type: 'varchar', length: 16, nullable: true })
  phoneNumber!: string | null;

  @Column({ name: 'phone_number_last4', type: 'varchar', length: 4, nullable: true })
  phoneNumberLast4!: string | null;

  @Column({ name: 'subscriber_carrier', type: 'varchar', length: 128, nullable: true })
  subscriberCarrier!: string | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true })
  ipAddress!: string | null;

  @Column({
    name: 'total_storage_bytes',
    type: 'bigint',
    nullable: true,
    transformer: bigintAsNumber,
  })
  totalStorageSpaceInBytes!: number | null;

  @Column({
    name: 'free_storage_bytes',
    type: 'bigint',
    nullable: true,
    transformer: bigintAsNumber,
  })
  freeStorageSpaceInBytes!: number | null;

  @Column({
    name: 'physical_memory_bytes',
    type: 'bigint',
    nullable: true,
    transformer: bigintAsNumber,
  })
  physicalMemoryInBytes!: number | null;

  @Column({ name: 'apple_id', type: 'varchar', length: 320, nullable: true })
  appleId!: string | null;

  @Column({ name: 'android_id', type: 'varchar', length: 16, nullable: true })
  androidId!: string | null;

  @Column({ name: 'windows_device_id', type: 'varchar', length: 36, nullable: true })
  windowsDeviceId!: string | null;

  @Column({ name: 'user_principal_name', type: 'varchar', length: 320, nullable: true })
  userPrincipalName!: string | null;

  @Column({ name: 'user_display_name', type: 'varchar', length: 256, nullable: true })
  userDisplayName!: string | null;

  @Column({ name: 'user_email', type: 'varchar', length: 320, nullable: true })
  userEmail!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes!: string | null;

  @Column({ name: 'enrolled_at', type: 'bigint', transformer: bigintAsNumber })
  enrolledAt!: number;

  @Column({ name: 'last_checkin_at', type: 'bigint', transformer: bigintAsNumber })
  lastCheckInAt!: number;

  @Column({ name: 'last_sequence', type: 'bigint', transformer: bigintAsNumber })
  lastSequence!: number;

  @Column({ name: 'checkin_count', type: 'integer' })
  checkInCount!: number;

  @Column({ name: 'app_inventory_hash', type: 'varchar', length: 64, nullable: true })
  appInventoryHash!: string | null;

  /** Set when the device was retired or wiped: the row stays as a minimal tombstone for the audit trail. */
  @Column({ name: 'retired_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  retiredAt!: number | null;
}

/**
 * A row of the device table as raw SQL returns it: the one row type of the table (the entity above
 * is TypeORM's view of it). Queries pick the columns they read. Integers may come back as strings
 * from PostgreSQL's bigint columns, booleans as 0/1 from SQLite.
 */
export interface DeviceRow {
  id: string;
  tenant_id: string;
  platform: Platform;
  enrollment_type: EnrollmentType;
  ownership: Ownership;
  ownership_reason: OwnershipReason | 'administrator';
  management_state: ManagementState;
  compliance_state: ComplianceState;
  compliance_detail: string | null;
  compliance_policy_states: string | null;
  credential_hash: string | null;
  device_name: string;
  managed_device_name: string | null;
  manufacturer: string;
  model: string;
  os_version: string;
  serial_number: string | null;
  imei: string | null;
  imei2: string | null;
  meid: string | null;
  iccid: string | null;
  eid: string | null;
  udid: string | null;
  wifi_mac: string | null;
  ethernet_mac: string | null;
  phone_number: string | null;
  phone_number_last4: string | null;
  subscriber_carrier: string | null;
  ip_address: string | null;
  total_storage_bytes: number | string | null;
  free_storage_bytes: number | string | null;
  physical_memory_bytes: number | string | null;
  apple_id: string | null;
  android_id: string | null;
  windows_device_id: string | null;
  user_principal_name: string | null;
  user_display_name: string | null;
  user_email: string | null;
  notes: string | null;
  enrolled_at: number | string;
  last_checkin_at: number | string;
  last_sequence: number | string;
  checkin_count: number | string;
  app_inventory_hash: string | null;
  retired_at: number | string | null;
  rate_window_start: number | string;
  rate_window_count: number | string;
}
