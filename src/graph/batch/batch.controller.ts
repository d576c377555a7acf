import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../admin-auth/admin-auth.guard';
import { AllowAnyApplication, RequirePermission } from '../../admin-auth/authenticated-admin';
import { graphErrorBody, invalidRequest } from '../../common/graph-error';
import { BatchItem, executionWaves, parseBatch } from './batch-request';
import { INNER_REQUEST_HEADER, innerRequestHeaderValue } from './inner-requests';

export interface BatchResponseItem {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Headers of an inner answer that belong to its transport, not to it. */
const TRANSPORT_HEADERS = new Set([
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'date',
]);

/**
 * `POST /v1.0/$batch` and `/beta/$batch` (docs/graph-api.md). The batch itself needs a valid
 * token; each inner request is then sent through the server as if alone, with the batch's
 * Authorization, so it is authorised, throttled and answered by its real route.
 */
@Controller(['v1.0', 'beta'])
@UseGuards(AdminAuthGuard)
export class BatchController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Post('$batch')
  @HttpCode(200)
  @RequirePermission('read')
  @AllowAnyApplication()
  async batch(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<{ responses: BatchResponseItem[] }> {
    const version = (request.routeOptions.url ?? '').startsWith('/beta/') ? 'beta' : 'v1.0';
    const parsed = parseBatch(body, version);
    if (!parsed.ok) throw invalidRequest(parsed.target, parsed.message);
    const answers = new Map<string, BatchResponseItem>();
    for (const wave of executionWaves(parsed.items) ?? []) {
      const answered = await Promise.all(
        wave.map((item) => {
          const failed = item.dependsOn.find((id) => (answers.get(id)?.status ?? 0) >= 400);
          return failed === undefined
            ? this.dispatch(request, version, item)
            : Promise.resolve(failedDependency(request, item));
        }),
      );
      for (const answer of answered) answers.set(answer.id, answer);
    }
    return { responses: parsed.items.map((item) => answers.get(item.id)!) };
  }

  private async dispatch(
    outer: FastifyRequest,
    version: string,
    item: BatchItem,
  ): Promise<BatchResponseItem> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const headers: Record<string, string> = { ...item.headers };
    delete headers['content-length'];
    delete headers.host;
    if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
    if (outer.headers.host) headers.host = outer.headers.host;
    headers[INNER_REQUEST_HEADER] = innerRequestHeaderValue(outer.protocol === 'https');
    const response = await fastify.inject({
      method: item.method as 'GET',
      url: `/${version}${item.url}`,
      headers,
      remoteAddress: outer.ip,
      ...(item.body === undefined
        ? {}
        : { payload: typeof item.body === 'string' ? item.body : JSON.stringify(item.body) }),
    });
    const answerHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined || TRANSPORT_HEADERS.has(name)) continue;
      answerHeaders[canonicalName(name)] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    const answer: BatchResponseItem = {
      id: item.id,
      status: response.statusCode,
      headers: answerHeaders,
    };
    if (response.body !== '') {
      answer.body = /json/i.test(String(response.headers['content-type'] ?? ''))
        ? (JSON.parse(response.body) as unknown)
        : response.body;
    }
    return answer;
  }
}

/**
 * `content-type` → `Content-Type`: Graph's batch answers spell header names so, and the Graph
 * client's BatchResponseContent looks for `Content-Type` to read a body as JSON.
 */
const canonicalName = (name: string): string =>
  name.replace(
    /(^|-)([a-z])/g,
    (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
  );

/** Graph's answer for a request whose dependency failed: it is not run at all. */
function failedDependency(outer: FastifyRequest, item: BatchItem): BatchResponseItem {
  return {
    id: item.id,
    status: 424,
    headers: { 'Content-Type': 'application/json' },
    body: graphErrorBody(
      outer.id,
      'failedDependency',
      'The request was not run because a request it depends on failed.',
    ),
  };
}
