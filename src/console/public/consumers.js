// Settings for consumers of the Graph API (docs/graph-api.md): app registrations that sign in like
// Entra ID, and the switch that injects faults into this tenant's Graph requests.
import { api } from './api.js';
import { announce, errorBox, field, formatDate, h, replace, table } from './dom.js';
import { can } from './state.js';

const APPS = '/v1.0/admin/applications';
const FAULTS = '/v1.0/admin/faultInjection';
const PERMISSIONS = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
  'DeviceManagementManagedDevices.PrivilegedOperations.All',
  'DeviceManagementApps.Read.All',
  'DeviceManagementApps.ReadWrite.All',
  'DeviceManagementConfiguration.Read.All',
  'DeviceManagementConfiguration.ReadWrite.All',
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementServiceConfig.ReadWrite.All',
];

/** App registrations: administrators only (the API refuses others). */
export async function applications(section) {
  if (!can('administer')) {
    replace(section);
    return;
  }
  const list = await api(APPS);
  const secretShown = h('div', { id: 'app-secret', 'aria-live': 'polite' });
  replace(
    section,
    h('h2', { id: 'apps-title' }, 'Applications'),
    h(
      'p',
      { class: 'hint' },
      'Consumer code signs in with a client secret, as with Entra ID (ClientSecretCredential), and may call the Graph routes its permissions allow.',
    ),
    table(
      'App registrations',
      ['Name', 'Client id', 'Permissions', 'Secrets', 'Created', ''],
      list.value.map((app) => [
        app.displayName,
        app.appId,
        app.roles.join(', '),
        app.passwordCredentials
          .map((s) => `${s.hint}…${s.revokedDateTime ? ' (revoked)' : ''}`)
          .join(', '),
        formatDate(app.createdDateTime),
        app.revokedDateTime
          ? 'revoked'
          : h(
              'button',
              {
                type: 'button',
                class: 'danger',
                'aria-label': `Revoke ${app.displayName}`,
                onclick: () => revoke(app, section),
              },
              'Revoke',
            ),
      ]),
      { empty: 'No applications.' },
    ),
    newApplicationForm(section),
    secretShown,
  );
}

async function revoke(app, section) {
  try {
    await api(`${APPS}/${app.id}`, { method: 'DELETE' });
    announce(`Application ${app.displayName} revoked.`);
    await applications(section);
  } catch (error) {
    announce(`Not revoked: ${error.message}`);
  }
}

function newApplicationForm(section) {
  const problem = h('div');
  const boxes = PERMISSIONS.map((permission) =>
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'permission', value: permission }),
      ` ${permission}`,
    ),
  );
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'New application' },
    h('h3', {}, 'New application'),
    field('Name', h('input', { type: 'text', id: 'app-name', required: true, maxlength: 200 })),
    h('fieldset', {}, h('legend', {}, 'Graph application permissions'), ...boxes),
    problem,
    h('button', { type: 'submit', class: 'primary' }, 'Register application'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const permissions = [...form.querySelectorAll('input[name=permission]:checked')].map(
      (box) => box.value,
    );
    try {
      const created = await api(APPS, {
        method: 'POST',
        body: { displayName: form.querySelector('#app-name').value, permissions },
      });
      await applications(section);
      replace(
        section.querySelector('#app-secret'),
        h(
          'div',
          { class: 'notice' },
          h('p', {}, 'Copy the client secret now: it is shown only once.'),
          table(
            'New application',
            ['Tenant id', 'Client id', 'Client secret'],
            [
              [
                created.tenantId,
                created.appId,
                h('code', { id: 'new-secret' }, created.secretText),
              ],
            ],
          ),
        ),
      );
      announce('Application registered.');
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}

/** The fault-injection switch: everyone sees it; administrators change it. */
export async function faultInjection(section) {
  const current = await api(FAULTS);
  const settings = current.settings ?? {};
  const readOnly = !can('administer');
  const number = (id, value, attributes) =>
    h('input', { type: 'number', id, value: value ?? '', disabled: readOnly, ...attributes });
  const inputs = {
    tooManyRequestsShare: number('fault-429', settings.tooManyRequestsShare ?? 0, {
      min: 0,
      max: 1,
      step: 0.01,
    }),
    serviceUnavailableShare: number('fault-503', settings.serviceUnavailableShare ?? 0, {
      min: 0,
      max: 1,
      step: 0.01,
    }),
    gatewayTimeoutShare: number('fault-504', settings.gatewayTimeoutShare ?? 0, {
      min: 0,
      max: 1,
      step: 0.01,
    }),
    latencyMs: number('fault-latency', settings.latencyMs ?? 0, { min: 0, max: 60000 }),
    retryAfterSeconds: number('fault-retry-after', settings.retryAfterSeconds ?? 1, {
      min: 0,
      max: 3600,
    }),
    seed: number('fault-seed', settings.seed ?? 1, { min: 0 }),
  };
  const problem = h('div');
  const state = current.enabled
    ? `On (${current.source === 'environment' ? 'from GRAPH_FAULTS' : 'set for this tenant'}).`
    : 'Off.';
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Fault injection' },
    h('h2', { id: 'faults-title' }, 'Fault injection'),
    h(
      'p',
      { class: 'hint' },
      'For testing consumers: a share of this tenant’s Graph requests is answered 429, 503 or 504, with latency added; the same seed gives the same faults. Answers carry an x-injected-fault header.',
    ),
    h('p', { id: 'fault-state' }, state),
    field('Share answered 429 (0–1)', inputs.tooManyRequestsShare),
    field('Share answered 503 (0–1)', inputs.serviceUnavailableShare),
    field('Share answered 504 (0–1)', inputs.gatewayTimeoutShare),
    field('Added latency (ms)', inputs.latencyMs),
    field('Retry-After of injected faults (s)', inputs.retryAfterSeconds),
    field('Seed', inputs.seed),
    problem,
    readOnly ? null : h('button', { type: 'submit', class: 'primary' }, 'Turn on'),
    readOnly
      ? null
      : h(
          'button',
          {
            type: 'button',
            id: 'faults-off',
            onclick: async () => {
              await api(FAULTS, { method: 'DELETE' });
              announce('Fault injection off.');
              await faultInjection(section);
            },
          },
          'Turn off',
        ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(
      Object.entries(inputs).map(([name, input]) => [name, Number(input.value)]),
    );
    try {
      await api(FAULTS, { method: 'PUT', body });
      announce('Fault injection on.');
      await faultInjection(section);
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  replace(section, form);
}
