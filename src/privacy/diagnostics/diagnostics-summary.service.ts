import { Injectable } from '@nestjs/common';
import { Platform } from '../../rules';
import { WriteTransactions } from '../../platform/database/write-transactions';
import { graphDateTime } from '../../platform/http/graph-values';
import { Breakdown, MIN_DEVICES_PER_GROUP, showableGroups } from './diagnostics-summary';

const DAY_MS = 24 * 60 * 60 * 1000;

interface GroupRow {
  event_type: string;
  platform?: Platform;
  os_version?: string;
  event_count: number | string;
  device_count: number | string;
  average_value: number | string | null;
}

export interface DiagnosticsGroupView {
  eventType: string;
  platform?: Platform;
  osVersion?: string;
  eventCount: number;
  deviceCount: number;
  /** Mean of the events' values (see DiagnosticEventDto.value), null when they carry none. */
  averageValue: number | null;
}

export interface DiagnosticsSummary {
  diagnosticsEnabled: boolean;
  fromDateTime: string;
  toDateTime: string;
  eventCount: number;
  minimumDeviceCountPerGroup: number;
  byEventType: Breakdown<DiagnosticsGroupView>;
  byPlatform: Breakdown<DiagnosticsGroupView>;
  byOsVersion: Breakdown<DiagnosticsGroupView>;
}

/**
 * What admins may read of diagnostics: counts per event type, platform and OS version over the
 * last days — never a pseudonym, let alone an identifier — and only for groups of enough devices.
 */
@Injectable()
export class DiagnosticsSummaryService {
  constructor(private readonly transactions: WriteTransactions) {}

  async summary(tenantId: string, days: number, now = Date.now()): Promise<DiagnosticsSummary> {
    const from = now - days * DAY_MS;
    const [tenant] = await this.transactions.read<{ diagnostics_enabled: number | boolean }>(
      'SELECT diagnostics_enabled FROM tenant WHERE id = ?',
      [tenantId],
    );
    const grouped = async (keys: string[]): Promise<Breakdown<DiagnosticsGroupView>> => {
      const columns = ['event_type', ...keys].join(', ');
      const rows = await this.transactions.read<GroupRow>(
        `SELECT ${columns}, COUNT(*) AS event_count, COUNT(DISTINCT device_pseudonym) AS device_count,
           AVG(value) AS average_value
         FROM diagnostic_event WHERE tenant_id = ? AND received_at >= ? AND received_at <= ?
         GROUP BY ${columns}`,
        [tenantId, from, now],
      );
      return showableGroups(rows.map(toGroupView));
    };
    const byEventType = await grouped([]);
    return {
      diagnosticsEnabled: Boolean(tenant?.diagnostics_enabled),
      fromDateTime: graphDateTime(from),
      toDateTime: graphDateTime(now),
      eventCount:
        byEventType.withheldEventCount +
        byEventType.rows.reduce((sum, row) => sum + row.eventCount, 0),
      minimumDeviceCountPerGroup: MIN_DEVICES_PER_GROUP,
      byEventType,
      byPlatform: await grouped(['platform']),
      byOsVersion: await grouped(['platform', 'os_version']),
    };
  }
}

function toGroupView(row: GroupRow): DiagnosticsGroupView {
  return {
    eventType: row.event_type,
    ...(row.platform !== undefined && { platform: row.platform }),
    ...(row.os_version !== undefined && { osVersion: row.os_version }),
    eventCount: Number(row.event_count),
    deviceCount: Number(row.device_count),
    averageValue:
      row.average_value === null ? null : Math.round(Number(row.average_value) * 10) / 10,
  };
}
