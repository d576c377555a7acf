import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../admin-auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../admin-auth/authenticated-admin';
import { invalidRequest, itemNotFound } from '../../common/graph-error';
import { graphRequestOf } from '../../graph-http/graph-request';
import { contextUrl } from '../../graph-http/odata-response';
import { CreateExportJobDto } from './export-job.dto';
import { ExportJobsService } from './export-jobs.service';
import { LOCALIZATION_TYPES, ReportFormat, ReportName } from './report-definitions';

const EXPORT_JOBS = 'deviceManagement/reports/exportJobs';

/** `exportJobs('Devices_…')`, the key syntax Microsoft's export examples poll with. */
const KEY_SEGMENT = /^exportJobs\('([^'/]{1,100})'\)$/;

/**
 * Graph's report export: POST a job, poll it until `completed`, download its `url` (a zip).
 * Exporting reads what the caller may read anyway, so any admin role may do it; it is audited.
 */
@Controller(['v1.0/deviceManagement/reports', 'beta/deviceManagement/reports'])
@UseGuards(AdminAuthGuard)
@RequirePermission('read')
export class ExportJobsController {
  constructor(private readonly jobs: ExportJobsService) {}

  @Post('exportJobs')
  @HttpCode(201)
  async create(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: CreateExportJobDto,
    @Req() request: FastifyRequest,
  ) {
    const localizationType = LOCALIZATION_TYPES.find(
      (type) =>
        type.toLowerCase() === (body.localizationType ?? LOCALIZATION_TYPES[0]).toLowerCase(),
    );
    if (!localizationType) {
      throw invalidRequest(
        'localizationType',
        `Invalid field 'localizationType': must be one of ${LOCALIZATION_TYPES.join(', ')}.`,
      );
    }
    const graph = graphRequestOf(request);
    const job = await this.jobs.create(
      admin.tenantId,
      {
        reportName: body.reportName as ReportName,
        filter: body.filter || null,
        select: body.select ?? [],
        format: (body.format ?? 'csv') as ReportFormat,
        localizationType,
      },
      auditActorOf(admin),
      graph.origin,
    );
    return { '@odata.context': contextUrl(graph, EXPORT_JOBS, { entity: true }), ...job };
  }

  @Get('exportJobs')
  async list(@CurrentAdmin() admin: AuthenticatedAdmin, @Req() request: FastifyRequest) {
    const graph = graphRequestOf(request);
    return {
      '@odata.context': contextUrl(graph, EXPORT_JOBS),
      value: await this.jobs.list(admin.tenantId, graph.origin),
    };
  }

  @Get('exportJobs/:id')
  get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.entity(admin, id, request);
  }

  /** `GET …/reports/exportJobs('{id}')`, as Microsoft's examples poll. */
  @Get(':keySegment')
  getByKey(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('keySegment') keySegment: string,
    @Req() request: FastifyRequest,
  ) {
    const id = KEY_SEGMENT.exec(keySegment)?.[1];
    if (id === undefined) throw itemNotFound('The resource');
    return this.entity(admin, id, request);
  }

  private async entity(admin: AuthenticatedAdmin, id: string, request: FastifyRequest) {
    const graph = graphRequestOf(request);
    const job = await this.jobs.get(admin.tenantId, id, graph.origin);
    return { '@odata.context': contextUrl(graph, EXPORT_JOBS, { entity: true }), ...job };
  }
}

/**
 * The export's download: the job's `url`, usable without a bearer token (as Intune's signed storage
 * URL), checked against its token and expiry. Unknown, expired and wrongly signed answer the same 404.
 */
@Controller('downloads/reportExports')
export class ExportDownloadsController {
  constructor(private readonly jobs: ExportJobsService) {}

  @Get(':file')
  async download(@Param('file') file: string, @Query('token') token: unknown) {
    const id = /^(.{1,100})\.zip$/.exec(file)?.[1];
    const stream =
      id !== undefined && typeof token === 'string' ? await this.jobs.download(id, token) : null;
    if (!stream) throw itemNotFound('The export');
    return new StreamableFile(stream, {
      type: 'application/zip',
      disposition: `attachment; filename="${id}.zip"`,
    });
  }
}
