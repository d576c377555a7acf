/**
 * Simulated device fleets: realistic, seeded, per-platform devices and their evolution between
 * check-ins. Pure generation, no I/O: the device-channel client sends what these functions make.
 */
export { generateDevice, generateFleet, type Fleet } from './fleet';
export {
  planFleet,
  FleetPlan,
  DEFAULT_COUNTRIES,
  type FleetOptions,
  type DefectRates,
} from './plan';
export {
  evolveDevice,
  DEFAULT_CHURN,
  type ChurnRates,
  type DeviceChanges,
  type Evolution,
} from './churn';
export { wipedDevice, deployedAppEntry } from './wipe';
export { DeviceRandom } from './random';
export {
  DEFAULT_CORPORATE_RATIO,
  DEFAULT_ENROLLMENT_TYPES,
  DEFAULT_PLATFORM_MIX,
  FleetOptionsError,
  type EnrollmentTypeWeights,
} from './enrollment-mix';
export * from './device-profile';
export { MAX_FLEET_SIZE } from './unique-slot';
export { COUNTRIES, CARRIERS, type Country, type Carrier } from './catalog/carriers';
export { DEVICE_MODELS, modelByKey } from './catalog/models';
export type { DeviceModel } from './catalog/device-model';
