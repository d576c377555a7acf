// A consumer exactly as one is written against Microsoft Graph: @azure/identity's
// ClientSecretCredential and the Graph JS client, unmodified; only the authority host and the Graph
// base URL point here. Run as its own process so that NODE_EXTRA_CA_CERTS (our development
// certificate) is read at start, as a user would set it. The job comes in CONSUMER_JOB (JSON);
// the result goes to stdout as one JSON line.
const { ClientSecretCredential } = require('@azure/identity');
const {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  RetryHandlerOptions,
} = require('@microsoft/microsoft-graph-client');
const {
  TokenCredentialAuthenticationProvider,
} = require('@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials');

async function main() {
  const job = JSON.parse(process.env.CONSUMER_JOB);
  const credential = new ClientSecretCredential(job.tenantId, job.clientId, job.clientSecret, {
    authorityHost: job.authorityHost,
    disableInstanceDiscovery: true,
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: ['https://graph.microsoft.com/.default'],
  });
  const client = Client.initWithMiddleware({
    authProvider,
    baseUrl: `${job.graphBase}/`,
    customHosts: new Set([new URL(job.graphBase).hostname]),
  });
  const output = {};
  for (const step of job.steps) output[step.name] = await run(client, credential, job, step);
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

async function run(client, credential, job, step) {
  try {
    switch (step.kind) {
      case 'token': {
        const token = await credential.getToken('https://graph.microsoft.com/.default');
        return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
      }
      case 'get':
        return {
          body: await client
            .api(step.path)
            .version(step.version ?? 'v1.0')
            .get(),
        };
      case 'post':
        return { body: await client.api(step.path).post(step.body ?? {}) };
      case 'batch': {
        const content = new BatchRequestContent(
          step.requests.map((r) => ({
            id: r.id,
            dependsOn: r.dependsOn,
            // An absolute URL without the version: the client sends its path, as Graph expects.
            request: new Request(`${job.graphBase}${r.path}`, {
              method: r.method ?? 'GET',
              headers: r.body ? { 'Content-Type': 'application/json' } : undefined,
              body: r.body ? JSON.stringify(r.body) : undefined,
            }),
          })),
        );
        const raw = await client
          .api('/$batch')
          .version(step.version ?? 'v1.0')
          .post(await content.getContent());
        const answers = new BatchResponseContent(raw);
        const responses = {};
        for (const [id, response] of answers.getResponses()) {
          const text = await response.text();
          responses[id] = {
            status: response.status,
            headers: Object.fromEntries(response.headers.entries()),
            body: text ? JSON.parse(text) : null,
          };
        }
        return { responses };
      }
      case 'sync': {
        // Every device, one GET each, through the client's retry handler (Retry-After honoured).
        const retry = new RetryHandlerOptions(0, 10);
        const ids = [];
        let page = await client
          .api('/deviceManagement/managedDevices')
          .select(['id'])
          .top(step.pageSize)
          .middlewareOptions([retry])
          .get();
        for (;;) {
          ids.push(...page.value.map((d) => d.id));
          if (!page['@odata.nextLink']) break;
          page = await client.api(page['@odata.nextLink']).middlewareOptions([retry]).get();
        }
        const reads = {};
        for (const id of ids) {
          const device = await client
            .api(`/deviceManagement/managedDevices/${id}`)
            .select(['id', 'deviceName'])
            .middlewareOptions([retry])
            .get();
          reads[device.id] = (reads[device.id] ?? 0) + 1;
        }
        return { listed: ids, reads };
      }
      default:
        throw new Error(`unknown step ${step.kind}`);
    }
  } catch (error) {
    return {
      error: {
        name: error.name,
        statusCode: error.statusCode,
        code: error.code,
        message: String(error.message).slice(0, 2000),
      },
    };
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
