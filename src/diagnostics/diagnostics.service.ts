import { Inject, Injectable } from '@nestjs/common';
import { Platform } from '../collection-rules';
import { ReportedDiagnosticEvent } from '../device-channel/device-report';
import { ServerSecrets } from '../common/secrets';
import { SERVER_SECRETS } from '../core/tokens';
import { Tx } from '../database/write-transactions';
import { devicePseudonym, userPseudonym } from '../privacy/pseudonyms';

/** The device a check-in's diagnostics come from, as the check-in knows it. */
export interface DiagnosticsSource {
  id: string;
  tenantId: string;
  platform: Platform;
  osVersion: string;
  userPrincipalName: string | null;
}

/**
 * Optional diagnostics (COLLECTION-RULES.md §6), once the check-in decided to keep them (the
 * tenant's setting is on, see src/rules/decide.ts): stored pseudonymized — the device and its user
 * as keyed hashes, with the platform and OS version for the aggregates — never the device name,
 * phone number, UPN, e-mail, IP or the events' free text.
 */
@Injectable()
export class DiagnosticsService {
  constructor(@Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets) {}

  async store(
    tx: Tx,
    device: DiagnosticsSource,
    events: readonly ReportedDiagnosticEvent[],
    now: number,
  ): Promise<void> {
    const key = this.secrets.pseudonymKey;
    const devicePart = devicePseudonym(key, device.id);
    const userPart = device.userPrincipalName
      ? userPseudonym(key, device.tenantId, device.userPrincipalName)
      : null;
    await tx.run(
      `INSERT INTO diagnostic_event
         (tenant_id, device_pseudonym, user_pseudonym, platform, os_version, event_type, value, occurred_at, received_at)
       VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((event) => [
        device.tenantId,
        devicePart,
        userPart,
        device.platform,
        device.osVersion,
        event.type,
        event.value ?? null,
        Date.parse(event.occurredDateTime),
        now,
      ]),
    );
  }
}
