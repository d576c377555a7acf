import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '../../platform/auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../platform/auth/authenticated-admin';
import { GraphError, invalidRequest } from '../../platform/http/graph-error';
import { GraphCollection } from '../http/graph-list';
import { guidParam } from '../../platform/http/guid.pipe';
import { graphRequestOf } from '../http/graph-request';
import { contextUrl, entityContext } from '../http/odata-response';
import { CorporateIdentifiersService, ImportedEntry } from './corporate-identifiers.service';
import { parseCsv } from './csv';
import {
  CsvImportQueryDto,
  ImportDeviceIdentityListDto,
  ImportedDeviceIdentityDto,
} from './imported-device-identity.dto';
import {
  canonicalCorporateIdentifier,
  csvImportEntries,
  identifierFromGraph,
  NewCorporateIdentifier,
} from './identity-import';
import {
  ImportedDeviceIdentityView,
  mapImportedDeviceIdentity,
} from './imported-device-identity.mapper';

const ENTITY_SET = 'deviceManagement/importedDeviceIdentities';
const RESULTS = 'Collection(microsoft.graph.importedDeviceIdentityResult)';

/** Graph's importedDeviceIdentities (beta): corporate identifiers, served on v1.0 and beta. */
@Controller([
  'v1.0/deviceManagement/importedDeviceIdentities',
  'beta/deviceManagement/importedDeviceIdentities',
])
@UseGuards(AdminAuthGuard)
export class ImportedDeviceIdentitiesController {
  constructor(private readonly identities: CorporateIdentifiersService) {}

  @Get()
  @RequirePermission('read')
  list(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Req() request: FastifyRequest,
  ): Promise<GraphCollection<Partial<ImportedDeviceIdentityView>>> {
    return this.identities.list(admin.tenantId, request);
  }

  @Get(':id')
  @RequirePermission('read')
  async get(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Req() request: FastifyRequest,
  ) {
    const row = await this.identities.get(admin.tenantId, id);
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapImportedDeviceIdentity(row),
    };
  }

  @Post()
  @RequirePermission('administer')
  async add(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: ImportedDeviceIdentityDto,
    @Req() request: FastifyRequest,
  ) {
    const identifier = identifierFromGraph(
      body.importedDeviceIdentityType,
      body.importedDeviceIdentifier,
      body.description ?? null,
    );
    const refuse = (problem: string) =>
      invalidRequest(
        'importedDeviceIdentifier',
        `Invalid field 'importedDeviceIdentifier': ${problem}.`,
      );
    if ('problem' in identifier) throw refuse(identifier.problem);
    const canonical = canonicalCorporateIdentifier(identifier);
    if ('problem' in canonical) throw refuse(`${canonical.field} ${canonical.problem}`);
    const row = await this.identities.add(admin.tenantId, identifier, auditActorOf(admin));
    return {
      '@odata.context': entityContext(request, ENTITY_SET),
      ...mapImportedDeviceIdentity(row),
    };
  }

  /** Graph's action: a JSON list, all or nothing. */
  @Post('importDeviceIdentityList')
  @HttpCode(200)
  @RequirePermission('administer')
  async importList(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Body() body: ImportDeviceIdentityListDto,
    @Req() request: FastifyRequest,
  ) {
    const entries = body.importedDeviceIdentities.map((item, index) => ({
      position: `importedDeviceIdentities[${index}]`,
      identifier: asImportIdentifier(
        identifierFromGraph(
          item.importedDeviceIdentityType,
          item.importedDeviceIdentifier,
          item.description ?? null,
        ),
      ),
    }));
    const results = await this.identities.import(
      admin.tenantId,
      entries,
      body.overwriteImportedDeviceIdentities ?? false,
      auditActorOf(admin),
    );
    return importAnswer(request, results);
  }

  /**
   * A CSV file as Intune's portal takes it (no header; `identifier[,description]`, or
   * `manufacturer,model,serialNumber` for Windows), sent as `text/csv`; the identifier type and
   * overwrite flag come in the query string. All or nothing, like importDeviceIdentityList.
   */
  @Post('importCsv')
  @HttpCode(200)
  @RequirePermission('administer')
  async importCsv(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Query() query: CsvImportQueryDto,
    @Req() request: FastifyRequest,
  ) {
    if (typeof request.body !== 'string') {
      throw new GraphError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupportedMediaType',
        'The request body must be a CSV file (Content-Type: text/csv).',
      );
    }
    const entries = csvImportEntries(parseCsv(request.body), query.importedDeviceIdentityType);
    const results = await this.identities.import(
      admin.tenantId,
      entries,
      query.overwriteImportedDeviceIdentities === 'true',
      auditActorOf(admin),
    );
    return importAnswer(request, results);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  delete(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<void> {
    return this.identities.delete(admin.tenantId, id, auditActorOf(admin));
  }
}

const asImportIdentifier = (identifier: NewCorporateIdentifier | { problem: string }) =>
  'problem' in identifier
    ? { problem: `importedDeviceIdentifier ${identifier.problem}` }
    : identifier;

/** Graph's importedDeviceIdentityResult collection: each identity with its `status`. */
function importAnswer(request: FastifyRequest, results: readonly ImportedEntry[]) {
  return {
    '@odata.context': contextUrl(graphRequestOf(request), RESULTS),
    value: results.map(({ identity, status }) => ({
      ...mapImportedDeviceIdentity(identity),
      '@odata.type': '#microsoft.graph.importedDeviceIdentityResult',
      status,
    })),
  };
}
