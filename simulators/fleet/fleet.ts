import { SimulatedDevice } from './device-profile';
import { generateWithDefects } from './defects';
import { FleetOptionsError } from './enrollment-mix';
import { assertDeviceIndex, FleetOptions, FleetPlan, planFleet } from './plan';
import { MAX_FLEET_SIZE } from './unique-slot';

export interface Fleet {
  plan: FleetPlan;
  devices: SimulatedDevice[];
}

/**
 * Device `index` of the fleet planned by `plan`: a pure function of the plan's seed and options
 * and of the index. Neither the fleet's size nor the order or number of other generations matter.
 */
export function generateDevice(plan: FleetPlan, index: number): SimulatedDevice {
  assertDeviceIndex(index);
  return generateWithDefects(plan, index);
}

/** Devices 0 … size−1. */
export function generateFleet(options: FleetOptions): Fleet {
  const size = options.size ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_FLEET_SIZE) {
    throw new FleetOptionsError(`size must be an integer in [0, ${MAX_FLEET_SIZE}], got ${size}`);
  }
  const plan = planFleet(options);
  const devices: SimulatedDevice[] = [];
  for (let index = 0; index < size; index++) devices.push(generateDevice(plan, index));
  return { plan, devices };
}
