/** Runs simulated fleets against the server: scheduling, concurrency, device behaviour, state. */
export {
  runSimulation,
  SimulationError,
  type SimulationOptions,
  type SimulationProgress,
  type SimulationResult,
} from './simulation';
export type { SimulationSummary } from './simulation-summary';
export { type DeviceRecord, type DeviceStatus } from './device-record';
export { loadState, StateFileError, type FleetSpec, type SimulatorState } from './state-file';
