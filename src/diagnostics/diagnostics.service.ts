import { Inject, Injectable } from '@nestjs/common';
import { Platform } from '../collection-rules';
import { DiscardedData } from '../device-channel/contract/device-channel.types';
import { DiagnosticEventDto } from '../check-in/dto/check-in.dto';
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

export interface DiagnosticsOutcome {
  stored: number;
  discarded: DiscardedData[];
}

const NOTHING: DiagnosticsOutcome = { stored: 0, discarded: [] };

/**
 * Optional diagnostics (docs/collection-rules.md "Phone number, location, diagnostics"). With the tenant's setting off, a check-in's events
 * are discarded unstored and the answer says so. With it on, they are stored pseudonymized: the
 * device and its user as keyed hashes, with the platform and OS version for the aggregates —
 * never the device name, phone number, UPN, e-mail, IP or the events' free text.
 */
@Injectable()
export class DiagnosticsService {
  constructor(@Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets) {}

  async accept(
    tx: Tx,
    device: DiagnosticsSource,
    events: readonly DiagnosticEventDto[] | undefined,
    enabled: boolean,
    now: number,
  ): Promise<DiagnosticsOutcome> {
    if (!events?.length) return NOTHING;
    if (!enabled) {
      return {
        stored: 0,
        discarded: [{ field: 'diagnostics', reason: 'diagnosticsOff', count: events.length }],
      };
    }
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
    const withDetail = events.filter((event) => event.detail !== undefined).length;
    return {
      stored: events.length,
      discarded: withDetail
        ? [{ field: 'diagnostics.detail', reason: 'freeTextNotKept', count: withDetail }]
        : [],
    };
  }
}
