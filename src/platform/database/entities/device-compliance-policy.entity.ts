import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Platform } from '../../../rules';
import { bigintAsNumber, jsonText } from '../column-transformers';

/** A documented setting's value: every compliance setting is a boolean, number, text or null. */
/** A complex setting value (beta's appListItem, operatingSystemVersionRange, …): text properties. */
export type PolicySettingObject = Record<string, string | null>;
export type PolicySettingValue =
  string | number | boolean | null | PolicySettingObject | PolicySettingObject[];

/** A target a compliance policy is assigned to: all devices or all licensed users of the tenant. */
export interface CompliancePolicyAssignment {
  id: string;
  targetType: 'allDevices' | 'allLicensedUsers';
}

/**
 * A device compliance policy (Graph's iosCompliancePolicy, androidCompliancePolicy,
 * macOSCompliancePolicy or windows10CompliancePolicy): its documented settings by Graph property
 * name, and its assignments. An assigned policy applies to every device of its platform.
 */
@Entity('device_compliance_policy')
export class DeviceCompliancePolicy {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  platform!: Platform;

  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', transformer: jsonText })
  settings!: Record<string, PolicySettingValue>;

  @Column({ type: 'text', transformer: jsonText })
  assignments!: CompliancePolicyAssignment[];

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt!: number;
}
