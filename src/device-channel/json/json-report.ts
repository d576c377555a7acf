import { ReportedApp } from '../detected-app-list';
import { DeviceReport, DeviceTransport } from '../device-report';
import { CheckInRequest, ReportedApp as ReportedAppMessage } from './messages';

/** Optional JSON fields may be sent as null; in a DeviceReport they are simply absent. */
const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function appOf(app: ReportedAppMessage): ReportedApp {
  const { profile, ...rest } = app;
  return profile ? { ...rest, profile } : rest;
}

/** The JSON channel's check-in body (validated by its schema) as a DeviceReport. */
export const jsonTransport: DeviceTransport<CheckInRequest> = {
  reportOf(body) {
    const report: DeviceReport = { sequence: body.sequence };
    if (body.hardware) report.hardware = body.hardware;
    if (body.apps) report.apps = body.apps.map(appOf);
    if (body.appInventoryHash) report.appInventoryHash = body.appInventoryHash;
    if (body.installStates) {
      report.installStates = body.installStates.map((state) => ({
        mobileAppId: state.mobileAppId,
        state: state.state,
        errorCode: state.errorCode ?? null,
      }));
    }
    if (body.commandResults) {
      report.commandResults = body.commandResults.map((result) => ({
        commandId: result.commandId,
        status: result.status,
        errorDetail: present(result.errorDetail),
        location: result.location
          ? {
              latitude: result.location.latitude,
              longitude: result.location.longitude,
              accuracyInMeters: present(result.location.accuracyInMeters),
              observedDateTime: present(result.location.observedDateTime),
            }
          : undefined,
      }));
    }
    if (body.diagnostics) {
      report.diagnostics = body.diagnostics.map((event) => ({
        type: event.type,
        occurredDateTime: event.occurredDateTime,
        value: present(event.value),
        detail: present(event.detail),
      }));
    }
    if (body.security) {
      const security = Object.fromEntries(
        Object.entries(body.security).filter(([, value]) => value !== null),
      );
      report.security = security as DeviceReport['security'];
    }
    return report;
  },
};
