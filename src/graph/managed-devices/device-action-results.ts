import { graphDateTime } from '../../platform/http/graph-values';
import {
  DeviceCommandStatus,
  RemoteAction,
} from '../../platform/database/entities/device-command.entity';

/** Graph's actionState. */
export type ActionState =
  'none' | 'pending' | 'canceled' | 'active' | 'done' | 'failed' | 'notSupported';

const ACTION_STATES: Record<DeviceCommandStatus, ActionState> = {
  pending: 'pending',
  // Sent in a check-in response, not yet answered: the device is acting on it.
  delivered: 'active',
  done: 'done',
  failed: 'failed',
  cancelled: 'canceled',
};

/** One stored command, as deviceActionResults need it. */
export interface DeviceCommandSummary {
  action: RemoteAction;
  status: DeviceCommandStatus;
  requestedAt: number;
  deliveredAt: number | null;
  completedAt: number | null;
  result: { location?: ReportedLocation } | null;
}

interface ReportedLocation {
  latitude: number;
  longitude: number;
  accuracyInMeters?: number;
  observedDateTime?: string;
}

/** Graph's deviceActionResult (locateDeviceActionResult when a location was reported). */
export interface DeviceActionResult {
  '@odata.type'?: '#microsoft.graph.locateDeviceActionResult';
  actionName: RemoteAction;
  actionState: ActionState;
  startDateTime: string;
  lastUpdatedDateTime: string;
  deviceLocation?: {
    latitude: number;
    longitude: number;
    horizontalAccuracy: number | null;
    lastCollectedDateTime: string | null;
  };
}

/**
 * A device's deviceActionResults: the latest request of each action, oldest first. `pending` until
 * delivered in a check-in response, `active` until the device answers, then `done` or `failed`;
 * `canceled` when it became moot (the device was retired, or became personal before a locate).
 */
export function deviceActionResultsOf(
  commands: readonly DeviceCommandSummary[],
): DeviceActionResult[] {
  const latest = new Map<RemoteAction, DeviceCommandSummary>();
  for (const command of commands) {
    const seen = latest.get(command.action);
    if (!seen || command.requestedAt >= seen.requestedAt) latest.set(command.action, command);
  }
  return [...latest.values()]
    .sort((a, b) => a.requestedAt - b.requestedAt)
    .map((command) => {
      const result: DeviceActionResult = {
        actionName: command.action,
        actionState: ACTION_STATES[command.status],
        startDateTime: graphDateTime(command.requestedAt),
        lastUpdatedDateTime: graphDateTime(
          command.completedAt ?? command.deliveredAt ?? command.requestedAt,
        ),
      };
      const location = command.result?.location;
      if (command.action === 'locateDevice' && location) {
        result['@odata.type'] = '#microsoft.graph.locateDeviceActionResult';
        result.deviceLocation = {
          latitude: location.latitude,
          longitude: location.longitude,
          horizontalAccuracy: location.accuracyInMeters ?? null,
          lastCollectedDateTime: location.observedDateTime ?? null,
        };
      }
      return result;
    });
}
