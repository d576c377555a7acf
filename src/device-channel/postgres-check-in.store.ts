import { AuthenticatedDevice } from '../platform/auth/device-authentication';
import { PostgresTx, Tx } from '../platform/database/write-transactions';
import { DetectedAppsChange, replaceDetectedApps } from '../platform/store/device-apps.store';
import {
  answeredCommandIds,
  CheckInStore,
  CommandRow,
  DeviceWithTenantRow,
  LoadedCheckIn,
  loadedCheckIn,
} from './check-in.store';
import { CheckInResponse } from './contract/device-channel.types';
import { receiptOf, StoredInstallState, WritePlan } from './decide';
import { DeviceReport } from './device-report';

/**
 * The device locked, with its tenant, its receipt (when the report repeats a sequence), its open
 * and answered commands and — when reported — its install states: one round trip.
 *
 * Reads other than the locked row come from the statement's snapshot, taken before a wait for the
 * lock: if a concurrent transaction (the original of a retry) held the lock and committed, that
 * snapshot misses its receipt and commands. The locked row is the newest version, the sub-select
 * of the same row the snapshot's: when their xmin differ, the store reads again under the lock.
 */
const LOAD = `SELECT d.*, d.xmin::text AS locked_version,
    (SELECT s.xmin::text FROM device s WHERE s.id = d.id) AS snapshot_version,
    t.diagnostics_enabled, t.policy_version,
    r.sequence AS receipt_sequence, r.response AS receipt_response,
    (SELECT coalesce(json_agg(json_build_object('id', c.id, 'action', c.action, 'status', c.status,
              'parameters', c.parameters) ORDER BY c.requested_at, c.id), '[]'::json)
       FROM device_command c
      WHERE c.device_id = d.id AND (c.status IN ('pending', 'delivered') OR c.id = ANY($4::text[])))
      AS open_commands,
    CASE WHEN $5::boolean THEN
      (SELECT coalesce(json_agg(json_build_object('managed_app_id', i.managed_app_id, 'state', i.state,
                'error_code', i.error_code)), '[]'::json)
         FROM managed_app_install_state i WHERE i.device_id = d.id)
    END AS install_state_rows
  FROM device d JOIN tenant t ON t.id = d.tenant_id
  LEFT JOIN checkin_receipt r ON r.device_id = d.id AND $3::bigint <= d.last_sequence
  WHERE d.id = $1 AND d.credential_hash = $2
  FOR UPDATE OF d`;

const ANSWER_COMMANDS = `UPDATE device_command c
  SET status = a.status, completed_at = $2, result = a.result, parameters = a.parameters
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS a(id, status, result, parameters)
  WHERE c.device_id = $1 AND c.id = a.id`;

type LoadRow = DeviceWithTenantRow & {
  locked_version: string;
  snapshot_version: string | null;
  receipt_sequence: number | string | null;
  receipt_response: string | null;
  open_commands: CommandRow[];
  install_state_rows: { managed_app_id: string; state: string; error_code: string | null }[] | null;
};

/**
 * The check-in store on PostgreSQL: `pg` on the transaction's pooled connection with named
 * prepared statements (parsed and planned once per connection), and as few round trips as the plan
 * allows — the load is one statement; the commands delivered, the install states, the receipt
 * upsert and the device UPDATE are one statement of data-modifying CTEs (one multi-row
 * `unnest` per table). A steady check-in is: the credential check, BEGIN, load, write, COMMIT.
 */
export class PostgresCheckInStore extends CheckInStore {
  async load(
    tx: Tx,
    caller: AuthenticatedDevice,
    report: DeviceReport,
  ): Promise<LoadedCheckIn | null> {
    const pg = onPostgres(tx);
    const values = [
      caller.id,
      caller.credentialHash,
      report.sequence,
      answeredCommandIds(report),
      report.installStates !== undefined,
    ];
    let [row] = await pg.prepared<LoadRow>(LOAD, values);
    // Waited for the lock behind a commit: read again, now under the lock.
    if (row && row.locked_version !== row.snapshot_version) {
      [row] = await pg.prepared<LoadRow>(LOAD, values);
    }
    if (!row) return null;
    const installStates = new Map<string, StoredInstallState>();
    for (const state of row.install_state_rows ?? [])
      installStates.set(state.managed_app_id, { state: state.state, errorCode: state.error_code });
    return loadedCheckIn(
      row,
      row.receipt_sequence !== null && row.receipt_response !== null
        ? { sequence: row.receipt_sequence, response: row.receipt_response }
        : null,
      row.open_commands,
      installStates,
    );
  }

  async apply(
    tx: Tx,
    plan: WritePlan,
    answer: (change: DetectedAppsChange | null) => CheckInResponse,
  ): Promise<CheckInResponse> {
    const pg = onPostgres(tx);
    const { device, now } = plan;
    if (plan.answeredCommands.length > 0) {
      const answers = plan.answeredCommands;
      await pg.prepared(ANSWER_COMMANDS, [
        device.id,
        now,
        answers.map((a) => a.commandId),
        answers.map((a) => a.status),
        answers.map((a) => a.result),
        answers.map((a) => a.parameters),
      ]);
    }
    await this.applyManagementAnswers(tx, plan);
    const change = plan.apps ? await replaceDetectedApps(tx, device, plan.apps, now) : null;
    await this.storeDiagnostics(tx, plan);
    const response = answer(change);
    const names = Object.keys(plan.deviceColumns);
    const first = 9;
    await pg.prepared(
      `WITH delivered AS (
         UPDATE device_command SET status = 'delivered', delivered_at = $2
         WHERE device_id = $1 AND id = ANY($3::text[])
       ), install_states AS (
         INSERT INTO managed_app_install_state (device_id, managed_app_id, state, error_code, updated_at)
         SELECT $1, s.managed_app_id, s.state, s.error_code, $2
           FROM unnest($4::text[], $5::text[], $6::text[]) AS s(managed_app_id, state, error_code)
         ON CONFLICT (device_id, managed_app_id) DO UPDATE
         SET state = excluded.state, error_code = excluded.error_code, updated_at = excluded.updated_at
       ), receipt AS (
         INSERT INTO checkin_receipt (device_id, sequence, received_at, response)
         SELECT $1, $7::bigint, $2, $8::text WHERE $8::text IS NOT NULL
         ON CONFLICT (device_id) DO UPDATE
         SET sequence = excluded.sequence, received_at = excluded.received_at, response = excluded.response
       )
       UPDATE device SET ${names.map((name, i) => `${name} = $${first + i}`).join(', ')},
         checkin_count = checkin_count + 1
       WHERE id = $1`,
      [
        device.id,
        now,
        plan.delivered,
        plan.installStates.map((s) => s.mobileAppId),
        plan.installStates.map((s) => s.state),
        plan.installStates.map((s) => s.errorCode),
        response.sequence,
        plan.keepsReceipt ? JSON.stringify(receiptOf(response)) : null,
        ...Object.values(plan.deviceColumns),
      ],
    );
    return response;
  }
}

function onPostgres(tx: Tx): PostgresTx {
  if (tx.dialect !== 'postgres')
    throw new Error('The PostgreSQL check-in store got a SQLite transaction');
  return tx;
}
