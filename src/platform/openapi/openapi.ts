import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiProperty, ApiPropertyOptions, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * Serves the OpenAPI document at /docs (UI) and /docs/openapi.json. Request bodies are described
 * from the very class-validator decorators that validate them (see describeValidatedClasses), so
 * the document cannot drift from what the server accepts.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  describeValidatedClasses();
  const config = new DocumentBuilder()
    .setTitle('Device Inventory Collector')
    .setDescription(
      'Device channel (enrollment, check-in) and the Graph-shaped admin/query API under /v1.0 and ' +
        '/beta. Admin routes take `Authorization: Bearer <admin token>`; device routes the ' +
        'enrollment token or the device credential.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: 'docs/openapi.json',
  });
  serveSwaggerUi(app);
}

const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const UI_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Device Inventory Collector API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui' });</script>
</body></html>`;

/**
 * The Swagger UI page and its two assets, served from swagger-ui-dist by plain routes (Nest's own
 * UI serving needs @fastify/static, whose current release is an ES module jest cannot load).
 */
function serveSwaggerUi(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // The assets' folder only: swagger-ui-dist's own entry point would load its 3.5 MB browser
  // bundles as modules into the server's heap (docs/benchmarks.md, peak RSS).
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets = new Map(
    Object.entries(UI_ASSETS).map(([file, type]) => [file, { type, path: join(root, file) }]),
  );
  fastify.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(UI_PAGE),
  );
  for (const [file, asset] of assets) {
    let body: Buffer | undefined;
    fastify.get(`/docs/${file}`, async (_request, reply) => {
      body ??= readFileSync(asset.path);
      return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(body);
    });
  }
}

const described = new WeakSet<object>();

/**
 * Adds @ApiProperty metadata to every class that has class-validator decorators, derived from
 * those decorators: required unless @IsOptional/@ValidateIf, enums from @IsIn, integer bounds
 * from @IsInt/@Min/@Max, lengths, patterns, formats, nested types from @Type. Parents are
 * described before children (they are registered first), so subclasses inherit their fields.
 */
export function describeValidatedClasses(): void {
  const byClass = (
    getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> }
  ).validationMetadatas;
  for (const [target, metadatas] of byClass) {
    if (typeof target !== 'function' || described.has(target)) continue;
    described.add(target);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of metadatas) {
      byProperty.set(metadata.propertyName, [
        ...(byProperty.get(metadata.propertyName) ?? []),
        metadata,
      ]);
    }
    for (const [property, rules] of byProperty) {
      ApiProperty(propertyOptions(target, property, rules))(target.prototype, property);
    }
  }
}

function propertyOptions(
  target: object,
  property: string,
  rules: readonly ValidationMetadata[],
): ApiPropertyOptions {
  const rule = (name: string) => rules.find((metadata) => metadata.name === name);
  // A property only whitelisted (@Allow): a documented Graph property taken as it comes, whose
  // handling its @Allow context describes (accepted and ignored, or kept and answered back).
  if (rules.every((metadata) => metadata.type === 'whitelistValidation')) {
    const context = rules[0].context as { description?: string } | undefined;
    // Its JSON type is Graph's (see the resource's page); described loosely as a value.
    const options: Record<string, unknown> = {
      required: false,
      description: context?.description,
      type: 'object',
    };
    return options as ApiPropertyOptions;
  }
  const optional = rules.some((metadata) => metadata.type === 'conditionalValidation');
  const nested = rules.find((metadata) => metadata.type === 'nestedValidation');
  const options: Record<string, unknown> = { required: !optional };
  if (optional) options.nullable = true;
  if (nested) {
    const type = defaultMetadataStorage.findTypeMetadata(target as never, property)?.typeFunction();
    options.type = type;
    if (nested.each || rule('isArray')) options.isArray = true;
  } else if (rule('isIn')) {
    options.enum = [...(rule('isIn')!.constraints[0] as unknown[])];
  } else if (rule('isInt')) {
    options.type = 'integer';
  } else if (rule('isNumber')) {
    options.type = 'number';
  } else if (rule('isBoolean')) {
    options.type = 'boolean';
  } else {
    options.type = 'string';
  }
  const first = (name: string) => rule(name)?.constraints?.[0] as unknown;
  if (first('min') !== undefined) options.minimum = first('min');
  if (first('max') !== undefined) options.maximum = first('max');
  if (first('arrayMaxSize') !== undefined) options.maxItems = first('arrayMaxSize');
  const maxLength = first('isText') ?? first('maxLength');
  if (maxLength !== undefined) options.maxLength = maxLength;
  if (first('matches') instanceof RegExp) options.pattern = (first('matches') as RegExp).source;
  if (rule('isEmail')) options.format = 'email';
  if (rule('isUUID')) options.format = 'uuid';
  if (rule('isISO8601')) options.format = 'date-time';
  return options as ApiPropertyOptions;
}
