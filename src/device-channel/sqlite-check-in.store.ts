import type { Statement } from 'better-sqlite3';
import { AuthenticatedDevice } from '../platform/auth/device-authentication';
import { SqliteTx, Tx } from '../platform/database/write-transactions';
import { DetectedAppsChange, replaceDetectedApps } from '../platform/store/device-apps.store';
import {
  answeredCommandIds,
  loadedCheckIn,
  CheckInStore,
  CommandRow,
  DeviceWithTenantRow,
  LoadedCheckIn,
} from './check-in.store';
import { CheckInResponse } from './contract/device-channel.types';
import { receiptOf, StoredInstallState, WritePlan } from './decide';
import { DeviceReport } from './device-report';

/** Device UPDATEs kept prepared, one per set of changed columns (a handful in practice). */
const MAX_DEVICE_UPDATES = 200;

const LOAD_DEVICE = `SELECT d.*, t.diagnostics_enabled, t.policy_version
  FROM device d JOIN tenant t ON t.id = d.tenant_id WHERE d.id = ? AND d.credential_hash = ?`;
const LOAD_RECEIPT = 'SELECT sequence, response FROM checkin_receipt WHERE device_id = ?';
// The answered ids as one JSON array: one statement text whatever their number.
const LOAD_COMMANDS = `SELECT id, action, status, parameters FROM device_command
  WHERE device_id = ? AND (status IN ('pending', 'delivered') OR id IN (SELECT value FROM json_each(?)))
  ORDER BY requested_at, id`;
const LOAD_INSTALL_STATES =
  'SELECT managed_app_id, state, error_code FROM managed_app_install_state WHERE device_id = ?';
const ANSWER_COMMAND =
  'UPDATE device_command SET status = ?, completed_at = ?, result = ?, parameters = ? WHERE id = ?';
const KEEP_INSTALL_STATE = `INSERT INTO managed_app_install_state (device_id, managed_app_id, state, error_code, updated_at)
  VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, managed_app_id)
  DO UPDATE SET state = excluded.state, error_code = excluded.error_code, updated_at = excluded.updated_at`;
const DELIVER_COMMANDS = `UPDATE device_command SET status = 'delivered', delivered_at = ?
  WHERE device_id = ? AND id IN (SELECT value FROM json_each(?))`;
const KEEP_RECEIPT = `INSERT INTO checkin_receipt (device_id, sequence, received_at, response) VALUES (?, ?, ?, ?)
  ON CONFLICT (device_id) DO UPDATE
  SET sequence = excluded.sequence, received_at = excluded.received_at, response = excluded.response`;

/**
 * The check-in store on SQLite: statements prepared once on the process's one connection and run
 * directly by better-sqlite3 (no ORM, no SQL text built per check-in), inside the group-committed
 * transaction WriteTransactions opened. A statement on SQLite is a function call, not a round trip,
 * so each table keeps its own small statement.
 */
export class SqliteCheckInStore extends CheckInStore {
  private readonly statements = new Map<string, Statement>();

  async load(
    tx: Tx,
    caller: AuthenticatedDevice,
    report: DeviceReport,
  ): Promise<LoadedCheckIn | null> {
    const sqlite = onSqlite(tx);
    const row = this.statement(sqlite, LOAD_DEVICE).get(caller.id, caller.credentialHash) as
      DeviceWithTenantRow | undefined;
    if (!row) return null;
    const receipt =
      report.sequence <= Number(row.last_sequence)
        ? ((this.statement(sqlite, LOAD_RECEIPT).get(row.id) as
            { sequence: number; response: string } | undefined) ?? null)
        : null;
    const commands = this.statement(sqlite, LOAD_COMMANDS).all(
      row.id,
      JSON.stringify(answeredCommandIds(report)),
    ) as CommandRow[];
    const installStates = new Map<string, StoredInstallState>();
    if (report.installStates) {
      const rows = this.statement(sqlite, LOAD_INSTALL_STATES).all(row.id) as {
        managed_app_id: string;
        state: string;
        error_code: string | null;
      }[];
      for (const state of rows)
        installStates.set(state.managed_app_id, {
          state: state.state,
          errorCode: state.error_code,
        });
    }
    return loadedCheckIn(row, receipt, commands, installStates);
  }

  async apply(
    tx: Tx,
    plan: WritePlan,
    answer: (change: DetectedAppsChange | null) => CheckInResponse,
  ): Promise<CheckInResponse> {
    const sqlite = onSqlite(tx);
    const { device, now } = plan;
    for (const command of plan.answeredCommands) {
      this.statement(sqlite, ANSWER_COMMAND).run(
        command.status,
        now,
        command.result,
        command.parameters,
        command.commandId,
      );
    }
    await this.applyManagementAnswers(tx, plan);
    const change = plan.apps ? await replaceDetectedApps(tx, device, plan.apps, now) : null;
    for (const state of plan.installStates) {
      this.statement(sqlite, KEEP_INSTALL_STATE).run(
        device.id,
        state.mobileAppId,
        state.state,
        state.errorCode,
        now,
      );
    }
    await this.storeDiagnostics(tx, plan);
    if (plan.delivered.length > 0) {
      this.statement(sqlite, DELIVER_COMMANDS).run(now, device.id, JSON.stringify(plan.delivered));
    }
    const names = Object.keys(plan.deviceColumns);
    this.statement(
      sqlite,
      `UPDATE device SET ${names.map((name) => `${name} = ?`).join(', ')}, checkin_count = checkin_count + 1 WHERE id = ?`,
    ).run(...Object.values(plan.deviceColumns).map(bindable), device.id);
    const response = answer(change);
    if (plan.keepsReceipt) {
      this.statement(sqlite, KEEP_RECEIPT).run(
        device.id,
        response.sequence,
        now,
        JSON.stringify(receiptOf(response)),
      );
    }
    return response;
  }

  private statement(tx: SqliteTx, sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = tx.connection.prepare(sql);
      if (this.statements.size >= MAX_DEVICE_UPDATES) {
        this.statements.delete(this.statements.keys().next().value as string);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function onSqlite(tx: Tx): SqliteTx {
  if (tx.dialect !== 'sqlite')
    throw new Error('The SQLite check-in store got a PostgreSQL transaction');
  return tx;
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}
