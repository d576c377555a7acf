// Settings: compliance app rules per platform, corporate identifiers (CSV upload), diagnostics, cleanup.
import { api, ApiError } from './api.js';
import {
  announce,
  errorBox,
  field,
  formatDate,
  formatNumber,
  h,
  replace,
  select,
  table,
} from './dom.js';
import { applications, faultInjection } from './consumers.js';
import { can } from './state.js';

const DM = '/v1.0/deviceManagement';
const POLICY_TYPES = [
  ['#microsoft.graph.iosCompliancePolicy', 'iOS/iPadOS'],
  ['#microsoft.graph.androidCompliancePolicy', 'Android'],
  ['#microsoft.graph.macOSCompliancePolicy', 'macOS'],
  ['#microsoft.graph.windows10CompliancePolicy', 'Windows'],
];
const LIST_TYPES = [
  ['appsNotInListCompliant', 'Listed apps are prohibited'],
  ['appsInListCompliant', 'Only listed (or deployed) apps are allowed'],
];

export async function settingsPage(main) {
  const policies = h('section', { id: 'compliance-rules', 'aria-labelledby': 'rules-title' });
  const identities = h('section', {
    id: 'corporate-identifiers',
    'aria-labelledby': 'identifiers-title',
  });
  const privacy = h('section', { id: 'tenant-settings', 'aria-labelledby': 'privacy-title' });
  const apps = h('section', { id: 'applications', 'aria-labelledby': 'apps-title' });
  const faults = h('section', { id: 'fault-injection', 'aria-labelledby': 'faults-title' });
  replace(main, h('h1', {}, 'Settings'), privacy, policies, identities, apps, faults);
  if (!can('administer')) {
    main.insertBefore(
      h(
        'p',
        { class: 'notice' },
        'Your role can read these settings; only administrators change them.',
      ),
      privacy,
    );
  }
  await Promise.all([
    tenantSettings(privacy),
    compliancePolicies(policies),
    corporateIdentifiers(identities),
    applications(apps),
    faultInjection(faults),
  ]);
}

async function tenantSettings(section) {
  const settings = await api('/v1.0/admin/settings');
  const readOnly = !can('administer');
  const diagnostics = h('input', {
    type: 'checkbox',
    id: 'diagnostics-enabled',
    name: 'diagnosticsEnabled',
    checked: settings.diagnosticsEnabled,
    disabled: readOnly,
  });
  const cleanup = h('input', {
    type: 'number',
    id: 'cleanup-days',
    name: 'deviceCleanupDays',
    min: 30,
    max: 270,
    value: settings.deviceCleanupDays ?? '',
    placeholder: 'off',
    disabled: readOnly,
  });
  const problem = h('div');
  const form = h(
    'form',
    { class: 'stack' },
    h('h2', { id: 'privacy-title' }, 'Diagnostics and cleanup'),
    h(
      'label',
      { class: 'check' },
      diagnostics,
      ' Collect diagnostics from devices (pseudonymized; turning this off deletes what was stored)',
    ),
    field('Remove devices that have not checked in for (days, 30–270; empty = never)', cleanup),
    h(
      'p',
      { class: 'hint' },
      `Audit events are kept ${settings.auditRetentionDays} days, diagnostics ${settings.diagnosticsRetentionDays} days.`,
    ),
    problem,
    readOnly ? null : h('button', { type: 'submit', class: 'primary' }, 'Save settings'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('/v1.0/admin/settings', {
        method: 'PATCH',
        body: {
          diagnosticsEnabled: diagnostics.checked,
          deviceCleanupDays: cleanup.value === '' ? null : Number(cleanup.value),
        },
      });
      replace(problem);
      announce('Settings saved.');
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  replace(section, form);
}

async function compliancePolicies(section) {
  const list = await api(`${DM}/deviceCompliancePolicies`);
  const platformOf = (type) => POLICY_TYPES.find(([key]) => key === type)?.[1] ?? type;
  const rows = list.value.map((policy) => [
    platformOf(policy['@odata.type']),
    policy.displayName,
    LIST_TYPES.find(([key]) => key === policy.compliantAppListType)?.[1] ??
      policy.compliantAppListType,
    (policy.compliantAppsList ?? []).map((app) => app.appId).join(', '),
    can('administer')
      ? h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'aria-label': `Delete ${policy.displayName}`,
            onclick: () => removePolicy(policy, section),
          },
          'Delete',
        )
      : '',
  ]);
  replace(
    section,
    h('h2', { id: 'rules-title' }, 'Compliance app rules'),
    h(
      'p',
      { class: 'hint' },
      'A platform’s first rule makes personal devices of that platform report their full app inventory.',
    ),
    table('App-list rules per platform', ['Platform', 'Name', 'Rule', 'Apps', ''], rows, {
      empty: 'No app rules.',
    }),
    can('administer') ? newPolicyForm(section) : null,
  );
}

async function removePolicy(policy, section) {
  try {
    await api(`${DM}/deviceCompliancePolicies/${policy.id}`, { method: 'DELETE' });
    announce(`Rule ${policy.displayName} deleted.`);
    await compliancePolicies(section);
  } catch (error) {
    announce(`Not deleted: ${error.message}`);
  }
}

function newPolicyForm(section) {
  const problem = h('div');
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'New app rule' },
    h('h3', {}, 'New app rule'),
    field('Platform', select('policy-platform', POLICY_TYPES, POLICY_TYPES[1][0])),
    field(
      'Name',
      h('input', {
        type: 'text',
        id: 'policy-name',
        name: 'displayName',
        required: true,
        maxlength: 200,
      }),
    ),
    field('Rule', select('policy-list-type', LIST_TYPES, LIST_TYPES[0][0])),
    field(
      'App ids (one per line: bundle id, package name or file name)',
      h('textarea', { id: 'policy-apps', rows: 3, required: true }),
    ),
    problem,
    h('button', { type: 'submit', class: 'primary' }, 'Add rule'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const apps = form
      .querySelector('#policy-apps')
      .value.split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    try {
      await api(`${DM}/deviceCompliancePolicies`, {
        method: 'POST',
        body: {
          '@odata.type': form.querySelector('#policy-platform').value,
          displayName: form.querySelector('#policy-name').value,
          compliantAppListType: form.querySelector('#policy-list-type').value,
          compliantAppsList: apps.map((appId) => ({ appId, name: appId })),
        },
      });
      announce('Rule added.');
      await compliancePolicies(section);
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}

async function corporateIdentifiers(section) {
  const list = await api(`${DM}/importedDeviceIdentities?$top=100&$count=true`);
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  replace(
    section,
    h('h2', { id: 'identifiers-title' }, 'Corporate identifiers'),
    h(
      'p',
      { class: 'hint' },
      'A device whose IMEI, serial number or Windows manufacturer, model and serial is listed here enrolls as corporate.',
    ),
    can('administer') ? uploadForm(section, result) : null,
    result,
    table(
      `${formatNumber(list['@odata.count'] ?? list.value.length)} identifiers${list['@odata.nextLink'] ? ' (first 100)' : ''}`,
      ['Identifier', 'Type', 'Description', 'Enrollment', 'Imported'],
      list.value.map((identity) => [
        identity.importedDeviceIdentifier,
        identity.importedDeviceIdentityType,
        identity.description || '—',
        identity.enrollmentState,
        formatDate(identity.createdDateTime),
      ]),
      { empty: 'No corporate identifiers.' },
    ),
  );
}

function uploadForm(section, result) {
  const file = h('input', {
    type: 'file',
    id: 'identifiers-file',
    accept: '.csv,text/csv',
    required: true,
  });
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Upload corporate identifiers' },
    field(
      'Identifier type',
      select(
        'identifiers-type',
        [
          ['imei', 'IMEI'],
          ['serialNumber', 'Serial number'],
          ['manufacturerModelSerial', 'Manufacturer, model, serial (Windows)'],
        ],
        'imei',
      ),
    ),
    field('CSV file (no header; identifier[,description] per line, at most 5,000 lines)', file),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', id: 'identifiers-overwrite' }),
      ' Overwrite descriptions of identifiers already imported',
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Upload'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = await file.files[0].text();
    const type = form.querySelector('#identifiers-type').value;
    const overwrite = form.querySelector('#identifiers-overwrite').checked;
    try {
      const answer = await api(
        `${DM}/importedDeviceIdentities/importCsv?importedDeviceIdentityType=${type}${overwrite ? '&overwriteImportedDeviceIdentities=true' : ''}`,
        { method: 'POST', body: text, contentType: 'text/csv' },
      );
      await corporateIdentifiers(section);
      const target = section.querySelector('#import-result');
      replace(
        target,
        table(
          'Import result, line by line',
          ['Line', 'Identifier', 'Result'],
          answer.value.map((entry, i) => [
            String(i + 1),
            entry.importedDeviceIdentifier,
            entry.status ? 'imported' : 'already imported, left as it was',
          ]),
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        replace(
          result,
          errorBox({ message: `Nothing was imported: ${error.message}` }),
          table(
            'Problems, line by line',
            ['Where', 'Problem'],
            error.details.map((detail) => [detail.target ?? '', detail.message]),
          ),
        );
      } else {
        replace(result, errorBox(error));
      }
    }
  });
  return form;
}
