import { randomUUID } from 'node:crypto';
import { Tx } from '../../platform/database/write-transactions';
import { AppleCommandRequest, AppleEnrollmentKind, AppleRequestType } from '../contract/apple-mdm';

/** One enrollment profile issued, and the device it enrolled. */
export interface AppleEnrollmentRow {
  id: string;
  tenant_id: string;
  enrollment_token_hash: string;
  kind: AppleEnrollmentKind;
  user_principal_name: string | null;
  certificate_sha256: string;
  topic: string;
  udid: string | null;
  enrollment_id: string | null;
  authenticate: string | null;
  device_id: string | null;
  sealed_credential: string | null;
  inventory_requested_at: number | string | null;
  checked_out_at: number | string | null;
}

export type AppleCommandStatus = 'queued' | 'sent' | 'acknowledged' | 'error';

export interface AppleCommandRow {
  command_uuid: string;
  request_type: AppleRequestType;
  payload: string | null;
  remote_action_id: string | null;
  status: AppleCommandStatus;
}

/** The Apple MDM tables (see src/database/migrations/1733200000000-apple-mdm.ts). */
export const appleMdmStore = {
  async certificateAuthority(
    tx: Pick<Tx, 'all'>,
    tenantId: string,
  ): Promise<{ certificate: string; sealed_private_key: string } | undefined> {
    const [row] = await tx.all<{ certificate: string; sealed_private_key: string }>(
      'SELECT certificate, sealed_private_key FROM apple_mdm_ca WHERE tenant_id = ?',
      [tenantId],
    );
    return row;
  },

  /** Keeps the first authority created for the tenant (another request may have made one meanwhile). */
  async addCertificateAuthority(
    tx: Tx,
    tenantId: string,
    certificate: string,
    sealedPrivateKey: string,
    now: number,
  ): Promise<void> {
    await tx.run(
      `INSERT INTO apple_mdm_ca (tenant_id, certificate, sealed_private_key, created_at)
       VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantId, certificate, sealedPrivateKey, now],
    );
  },

  async addEnrollment(
    tx: Tx,
    row: Pick<
      AppleEnrollmentRow,
      | 'id'
      | 'tenant_id'
      | 'enrollment_token_hash'
      | 'kind'
      | 'user_principal_name'
      | 'certificate_sha256'
      | 'topic'
    >,
    now: number,
  ): Promise<void> {
    await tx.run(
      `INSERT INTO apple_mdm_enrollment
         (id, tenant_id, enrollment_token_hash, kind, user_principal_name, certificate_sha256, topic, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.tenant_id,
        row.enrollment_token_hash,
        row.kind,
        row.user_principal_name,
        row.certificate_sha256,
        row.topic,
        now,
      ],
    );
  },

  async enrollmentByCertificate(
    tx: Pick<Tx, 'all'>,
    certificateSha256: string,
  ): Promise<AppleEnrollmentRow | undefined> {
    const [row] = await tx.all<AppleEnrollmentRow>(
      'SELECT * FROM apple_mdm_enrollment WHERE certificate_sha256 = ?',
      [certificateSha256],
    );
    return row;
  },

  /** The enrollment, locked until the transaction ends (PostgreSQL; SQLite's writer is alone). */
  async enrollmentForUpdate(tx: Tx, id: string): Promise<AppleEnrollmentRow | undefined> {
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await tx.all<AppleEnrollmentRow>(
      `SELECT * FROM apple_mdm_enrollment WHERE id = ?${lock}`,
      [id],
    );
    return row;
  },

  async update(tx: Tx, id: string, columns: Partial<AppleEnrollmentRow>): Promise<void> {
    const names = Object.keys(columns);
    await tx.run(
      `UPDATE apple_mdm_enrollment SET ${names.map((name) => `${name} = ?`).join(', ')} WHERE id = ?`,
      [...Object.values(columns), id],
    );
  },

  /** Queues commands in order; returns their CommandUUIDs. */
  async queue(
    tx: Tx,
    enrollmentId: string,
    commands: readonly AppleCommandRequest[],
    remoteActionId: string | null,
    now: number,
  ): Promise<string[]> {
    const uuids: string[] = [];
    for (const [index, command] of commands.entries()) {
      const uuid = randomUUID();
      uuids.push(uuid);
      // Only the first command carries a remote action: its answer is the action's result.
      await tx.run(
        `INSERT INTO apple_mdm_command
           (command_uuid, enrollment_id, request_type, payload, remote_action_id, status, queued_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
        [
          uuid,
          enrollmentId,
          command.RequestType,
          JSON.stringify(command),
          index === 0 ? remoteActionId : null,
          now + index,
        ],
      );
    }
    return uuids;
  },

  async command(
    tx: Pick<Tx, 'all'>,
    enrollmentId: string,
    commandUuid: string,
  ): Promise<AppleCommandRow | undefined> {
    const [row] = await tx.all<AppleCommandRow>(
      `SELECT command_uuid, request_type, payload, remote_action_id, status
       FROM apple_mdm_command WHERE enrollment_id = ? AND command_uuid = ?`,
      [enrollmentId, commandUuid],
    );
    return row;
  },

  /** The device answered: done (the payload, which may hold a PIN, is no longer kept), or back in the queue. */
  async complete(
    tx: Tx,
    commandUuid: string,
    status: 'acknowledged' | 'error' | 'queued',
    now: number,
  ): Promise<void> {
    await tx.run(
      status === 'queued'
        ? `UPDATE apple_mdm_command SET status = 'queued', sent_at = NULL WHERE command_uuid = ?`
        : `UPDATE apple_mdm_command SET status = ?, completed_at = ?, payload = NULL WHERE command_uuid = ?`,
      status === 'queued' ? [commandUuid] : [status, now, commandUuid],
    );
  },

  /** Remote actions that already have their Apple command. */
  async translatedRemoteActions(tx: Tx, remoteActionIds: readonly string[]): Promise<Set<string>> {
    if (remoteActionIds.length === 0) return new Set();
    const rows = await tx.all<{ remote_action_id: string }>(
      `SELECT remote_action_id FROM apple_mdm_command WHERE remote_action_id IN (${remoteActionIds.map(() => '?').join(', ')})`,
      remoteActionIds,
    );
    return new Set(rows.map((row) => row.remote_action_id));
  },

  async hasOutstanding(
    tx: Tx,
    enrollmentId: string,
    requestType: AppleRequestType,
  ): Promise<boolean> {
    const rows = await tx.all(
      `SELECT command_uuid FROM apple_mdm_command
       WHERE enrollment_id = ? AND request_type = ? AND status IN ('queued', 'sent')`,
      [enrollmentId, requestType],
    );
    return rows.length > 0;
  },

  /**
   * The next command to send: the oldest queued, or one sent without an answer (the device polls
   * again only when it has nothing to answer, so the response carrying it was lost).
   */
  async next(
    tx: Tx,
    enrollmentId: string,
    except: string | null,
    now: number,
  ): Promise<AppleCommandRow | undefined> {
    const [row] = await tx.all<AppleCommandRow>(
      `SELECT command_uuid, request_type, payload, remote_action_id, status
       FROM apple_mdm_command
       WHERE enrollment_id = ? AND status IN ('queued', 'sent') AND command_uuid <> ?
       ORDER BY queued_at, command_uuid LIMIT 1`,
      [enrollmentId, except ?? ''],
    );
    if (row) {
      await tx.run(
        `UPDATE apple_mdm_command SET status = 'sent', sent_at = ? WHERE command_uuid = ?`,
        [now, row.command_uuid],
      );
    }
    return row;
  },

  /** The device left management: nothing more will be sent to it. */
  async dropQueue(tx: Tx, enrollmentId: string): Promise<void> {
    await tx.run(
      `DELETE FROM apple_mdm_command WHERE enrollment_id = ? AND status IN ('queued', 'sent')`,
      [enrollmentId],
    );
  },
};
