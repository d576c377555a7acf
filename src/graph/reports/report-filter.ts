import { MANAGEMENT_STATES } from '../../devices/device.entity';
import { ResourceDefinition } from '../../odata';
import { OWNER_TYPE_FILTER_VALUES } from './report-definitions';

const words = (members: readonly string[]) =>
  Object.fromEntries(members.map((member) => [member, member]));

/**
 * The columns a DevicesWithInventory `filter` may use, in Microsoft's names, over the device table
 * (alias `d`); written as OData, e.g. `(OwnerType eq '1') and (DeviceType eq 'iOS')`. Of the
 * documented filter columns, CategoryName, ManagementAgents, JailBroken, EnrollmentType and
 * PartnerFeaturesBitmask are not here: we keep no data for them (docs/graph-properties.md).
 */
export const DEVICE_REPORT_FILTER: ResourceDefinition = {
  name: 'DevicesWithInventory',
  key: 'DeviceId',
  properties: {
    DeviceId: { column: 'd.id', type: 'guid', nullable: false },
    CreatedDate: { column: 'd.enrolled_at', type: 'datetime', nullable: false },
    LastContact: { column: 'd.last_checkin_at', type: 'datetime', nullable: false },
    OwnerType: {
      column: 'd.ownership',
      type: 'enum',
      values: OWNER_TYPE_FILTER_VALUES,
      nullable: false,
    },
    CompliantState: {
      column: 'd.compliance_state',
      type: 'enum',
      values: words([
        'unknown',
        'compliant',
        'noncompliant',
        'conflict',
        'error',
        'inGracePeriod',
        'configManager',
      ]),
      nullable: false,
    },
    ManagementState: {
      column: 'd.management_state',
      type: 'enum',
      values: words(MANAGEMENT_STATES),
      nullable: false,
    },
    DeviceType: {
      column: 'd.platform',
      type: 'enum',
      values: { iOS: 'ios', Android: 'android', macOS: 'macos', Windows: 'windows' },
      nullable: false,
    },
  },
};
