import {
  ENROLLMENT_TYPE_NAMES,
  ENROLLMENT_TYPES,
  HARDWARE_FIELDS,
  OWNERSHIPS,
  PLATFORMS,
  SECURITY_STATE_FIELDS,
} from '../rules';
import { COMPLIANCE_STATES, MANAGEMENT_STATES } from '../platform/database/entities/device.entity';
import { REMOTE_ACTIONS } from '../platform/database/entities/device-command.entity';
import * as contract from './contract/wire-vocabulary';

/**
 * The device channel's contract is what devices (and the simulators) compile against; the server
 * keeps its own vocabulary. They must say the same, word for word.
 */
describe("the device channel's contract says what the server says", () => {
  it('names the same platforms, ownerships and hardware fields', () => {
    expect(contract.PLATFORMS).toEqual(PLATFORMS);
    expect(contract.OWNERSHIPS).toEqual(OWNERSHIPS);
    expect(contract.HARDWARE_FIELDS).toEqual(HARDWARE_FIELDS);
  });

  it('names the same security states, on the same platforms', () => {
    expect(contract.SECURITY_STATE_FIELDS).toEqual(SECURITY_STATE_FIELDS);
  });

  it('names the same enrollment types, on the same platforms', () => {
    expect(contract.ENROLLMENT_TYPE_NAMES).toEqual(ENROLLMENT_TYPE_NAMES);
    for (const type of ENROLLMENT_TYPE_NAMES) {
      expect(contract.ENROLLMENT_TYPE_PLATFORMS[type]).toEqual(ENROLLMENT_TYPES[type].platforms);
    }
  });

  it('has every management state, compliance state and remote action of the server', () => {
    // Type-level: each server value must be a contract value (the assignments fail to compile otherwise).
    const management: readonly contract.ManagementState[] = MANAGEMENT_STATES;
    const compliance: readonly contract.ComplianceState[] = COMPLIANCE_STATES;
    const actions: readonly contract.RemoteAction[] = REMOTE_ACTIONS;
    expect([management.length, compliance.length, actions.length]).toEqual([7, 3, 7]);
  });
});
