import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditActor } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../core/tokens';
import { WriteTransactions } from '../../database/write-transactions';
import {
  FaultInjectionSettings,
  faultFor,
  InjectedStatus,
  injectsAnything,
} from './fault-injection';

/** A tenant's switch as the admin API shows it. */
export interface FaultInjectionView {
  /** `tenant`: set for this tenant; `environment`: GRAPH_FAULTS; `off`: neither. */
  source: 'tenant' | 'environment' | 'off';
  enabled: boolean;
  settings: FaultInjectionSettings | null;
}

interface TenantState {
  settings: FaultInjectionSettings | null;
  source: FaultInjectionView['source'];
  /** Graph requests of the tenant counted since these settings took effect on this instance. */
  sequence: number;
  checkedAt: number;
}

/** How long an instance serves a tenant's settings before reading them again (other instances). */
const SETTINGS_CACHE_MS = 2000;

export interface FaultDecision {
  status: InjectedStatus | null;
  latencyMs: number;
  retryAfterSeconds: number;
  sequence: number;
}

/**
 * Each tenant's fault-injection settings (its own, else GRAPH_FAULTS, else off) and the numbering
 * of its Graph requests the faults are drawn from. The numbering restarts whenever the settings
 * change, so that setting the same seed again replays the same faults. Requests are numbered per
 * instance: with several instances each has its own sequence.
 */
@Injectable()
export class FaultInjectionService {
  private readonly tenants = new Map<string, TenantState>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  async view(tenantId: string): Promise<FaultInjectionView> {
    const state = await this.state(tenantId, true);
    return {
      source: state.source,
      enabled: state.settings !== null && injectsAnything(state.settings),
      settings: state.settings,
    };
  }

  /** The fault for the tenant's next Graph request (null status: serve it). */
  async decide(tenantId: string): Promise<FaultDecision | null> {
    const state = await this.state(tenantId, false);
    if (!state.settings || !injectsAnything(state.settings)) return null;
    const sequence = state.sequence++;
    return {
      status: faultFor(state.settings, sequence),
      latencyMs: state.settings.latencyMs,
      retryAfterSeconds: state.settings.retryAfterSeconds,
      sequence,
    };
  }

  /** Sets the tenant's own settings (null: back to GRAPH_FAULTS), audited. */
  async set(
    tenantId: string,
    settings: FaultInjectionSettings | null,
    actor: AuditActor,
  ): Promise<FaultInjectionView> {
    const now = Date.now();
    await this.transactions.run(async (tx) => {
      const [old] = await tx.all<{ settings: string }>(
        'SELECT settings FROM graph_fault_injection WHERE tenant_id = ?',
        [tenantId],
      );
      if (settings === null) {
        await tx.run('DELETE FROM graph_fault_injection WHERE tenant_id = ?', [tenantId]);
      } else {
        await tx.run(
          `INSERT INTO graph_fault_injection (tenant_id, settings, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
          [tenantId, JSON.stringify(settings), now],
        );
      }
      await this.audit.record(tx, {
        tenantId,
        category: 'DeviceManagement',
        activity: settings === null ? 'Reset Graph fault injection' : 'Set Graph fault injection',
        activityType: 'Update GraphFaultInjection',
        operationType: settings === null ? 'Delete' : 'Patch',
        actor,
        resources: [
          {
            resourceId: tenantId,
            type: 'graphFaultInjection',
            displayName: null,
            modifiedProperties: [
              {
                displayName: 'settings',
                oldValue: old?.settings ?? null,
                newValue: settings === null ? null : JSON.stringify(settings),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
    this.tenants.delete(tenantId);
    return this.view(tenantId);
  }

  private async state(tenantId: string, fresh: boolean): Promise<TenantState> {
    const now = Date.now();
    const known = this.tenants.get(tenantId);
    if (known && !fresh && now - known.checkedAt < SETTINGS_CACHE_MS) return known;
    const [row] = await this.transactions.read<{ settings: string }>(
      'SELECT settings FROM graph_fault_injection WHERE tenant_id = ?',
      [tenantId],
    );
    const settings = row
      ? (JSON.parse(row.settings) as FaultInjectionSettings)
      : this.config.graphFaults;
    const source: TenantState['source'] = row ? 'tenant' : settings ? 'environment' : 'off';
    const unchanged =
      known &&
      known.source === source &&
      JSON.stringify(known.settings) === JSON.stringify(settings);
    const state: TenantState = {
      settings,
      source,
      sequence: unchanged ? known.sequence : 0,
      checkedAt: now,
    };
    if (this.tenants.size >= 10_000) this.tenants.clear();
    this.tenants.set(tenantId, state);
    return state;
  }
}
