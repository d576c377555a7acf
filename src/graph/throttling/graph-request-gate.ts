import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedAdmin } from '../../admin-auth/authenticated-admin';
import { GraphError } from '../../common/graph-error';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../core/tokens';
import { InMemoryRateCounters, retryAfterSeconds } from '../../rate-limits/fixed-window';
import { acceptedPermissions } from '../sign-in/graph-permissions';
import { InjectedStatus } from './fault-injection';
import { FaultInjectionService } from './fault-injection.service';
import { throttlingBuckets } from './graph-throttling';

/** Set on every answer that carries an injected fault or latency, so it is told from a real one. */
export const FAULT_HEADER = 'x-injected-fault';

const INJECTED: Record<InjectedStatus, { code: string; message: string }> = {
  429: { code: 'TooManyRequests', message: 'Too many requests. Please retry again later.' },
  503: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable.' },
  504: { code: 'gatewayTimeout', message: 'The request timed out upstream.' },
};

/**
 * What a Graph request meets after it is authenticated and authorised: Graph's throttling (for
 * applications, as Graph throttles apps) and the tenant's injected faults. Our own routes
 * (`/admin/...`) pass untouched, so the switch can always be turned off again.
 */
@Injectable()
export class GraphRequestGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counters: InMemoryRateCounters,
    private readonly faults: FaultInjectionService,
  ) {}

  async admit(principal: AuthenticatedAdmin, request: FastifyRequest, reply: FastifyReply) {
    const route = request.routeOptions.url ?? '';
    if (acceptedPermissions(request.method, route) === null) return;
    if (principal.application) {
      this.throttle(principal.tenantId, principal.application.clientId, request.method);
    }
    const decision = await this.faults.decide(principal.tenantId);
    if (!decision) return;
    if (decision.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    }
    const marker = `${decision.status ?? 'none'}; latencyMs=${decision.latencyMs}; request=${decision.sequence}`;
    void reply.header(FAULT_HEADER, marker);
    if (decision.status === null) return;
    request.log.warn(
      { reqId: request.id, injectedFault: decision.status, sequence: decision.sequence },
      'injected fault',
    );
    const { code, message } = INJECTED[decision.status];
    const headers: Record<string, string> = { [FAULT_HEADER]: marker };
    if (decision.status !== 504) headers['Retry-After'] = String(decision.retryAfterSeconds);
    throw new GraphError(
      decision.status,
      code,
      `${message} (Injected by this tenant's fault injection for testing.)`,
      undefined,
      headers,
    );
  }

  /** Counted in every window the request falls in; the first full one refuses it (Graph's 429). */
  private throttle(tenantId: string, clientId: string, method: string): void {
    const now = Date.now();
    const buckets = throttlingBuckets(this.config.graphThrottling, tenantId, clientId, method);
    const full = this.counters.countAll(buckets, now);
    if (!full) return;
    const seconds = retryAfterSeconds(full.limit, now);
    throw new GraphError(
      HttpStatus.TOO_MANY_REQUESTS,
      'TooManyRequests',
      `Too many requests: ${full.limit.limit} ${full.scope} per ${full.limit.windowMs / 1000} s. Please retry after ${seconds} s.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }
}
