// One device: identifiers, user, enrollment, compliance, actions and their history, apps, privacy.
import { api, ApiError } from './api.js';
import {
  announce,
  confirmDialog,
  facts,
  formatBytes,
  formatDate,
  formatNumber,
  h,
  replace,
  select,
  table,
} from './dom.js';
import { ownerLabel, OWNER_TYPES } from './devices.js';
import { can, onLeave } from './state.js';

const DM = '/v1.0/deviceManagement/managedDevices';

const FORMS = {
  full: 'collected',
  lastFourDigits: 'last four digits only',
  managedAppsOnly: 'managed apps only',
  workProfileAppsOnly: 'work-profile apps only',
  onLocateRequestOnly: 'only when an admin locates the device',
  pseudonymized: 'pseudonymized',
  notCollected: 'not collected',
};
const REASONS = {
  requiredData: 'required to manage the device',
  corporateOwnership: 'corporate device',
  compliantAppRule: 'compliant-app list',
  managedApp: 'assigned app',
  userEnrollment: 'Apple User Enrollment',
  personalDevice: 'personal device',
  tenantDiagnosticsSetting: 'the tenant’s diagnostics setting',
  tenantCompliancePolicy: 'the tenant’s compliance policies',
  notAvailableOnPlatform: 'not available on this platform',
  notAvailableUnderUserEnrollment: 'not available under User Enrollment',
  neverCollected: 'never collected',
};
const ACTION_NAMES = {
  syncDevice: 'Sync',
  remoteLock: 'Lock',
  locateDevice: 'Locate',
  retire: 'Retire',
  wipe: 'Wipe',
  rebootNow: 'Restart',
  shutDown: 'Shut down',
};
const STATUS_NAMES = {
  pending: 'pending',
  delivered: 'sent to the device',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};
const UNFINISHED = new Set(['pending', 'delivered']);
const POLL_MS = 2000;

export async function devicePage(main, id) {
  replace(main, h('p', {}, 'Loading the device…'));
  const history = await api(`/v1.0/admin/managedDevices/${id}/actionHistory`);
  let device;
  try {
    device = await api(`/beta/deviceManagement/managedDevices/${id}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return goneView(main, history);
    throw error;
  }
  const [privacy, compliance] = await Promise.all([
    api(`/v1.0/admin/managedDevices/${id}/privacy`),
    api(`/v1.0/admin/managedDevices/${id}/compliance`),
  ]);
  const historySection = h('section', { id: 'action-history', 'aria-labelledby': 'history-title' });
  const stateLine = h('span', { id: 'management-state', class: 'pill' }, device.managementState);
  // Once the user has left the page, an answer still on its way changes nothing.
  let left = false;
  const refreshHistory = async () => {
    const latest = await api(`/v1.0/admin/managedDevices/${id}/actionHistory`);
    if (left) return;
    if (latest.retiredDateTime) return devicePage(main, id);
    stateLine.textContent = latest.managementState;
    renderHistory(historySection, latest);
    schedule(latest);
  };
  let timer;
  const schedule = (latest) => {
    clearTimeout(timer);
    if (left || !latest.value.some((action) => UNFINISHED.has(action.status))) return;
    // A failed refresh (server restarting, network) is tried again at the next tick.
    timer = setTimeout(() => refreshHistory().catch(() => schedule(latest)), POLL_MS);
  };
  onLeave(() => {
    left = true;
    clearTimeout(timer);
  });

  replace(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/devices' }, '← Devices')),
    h('h1', {}, device.deviceName || '(no name)'),
    h(
      'p',
      { class: 'subtitle' },
      `${device.operatingSystem} ${device.osVersion} · ${ownerLabel(device.managedDeviceOwnerType)} · `,
      stateLine,
    ),
    actionsSection(device, refreshHistory),
    ownershipSection(device, () => devicePage(main, id)),
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { 'aria-labelledby': 'hardware-title' },
        h('h2', { id: 'hardware-title' }, 'Hardware'),
        hardwareFacts(device),
      ),
      h(
        'section',
        { 'aria-labelledby': 'user-title' },
        h('h2', { id: 'user-title' }, 'User'),
        facts([
          ['User principal name', device.userPrincipalName || '—'],
          ['Name', device.userDisplayName],
          ['E-mail', device.emailAddress],
        ]),
        h('h2', {}, 'Enrollment'),
        facts([
          ['Enrollment type', device.deviceEnrollmentType],
          ['Enrolled', formatDate(device.enrolledDateTime)],
          ['Last check-in', formatDate(device.lastSyncDateTime)],
          ['Ownership', ownerLabel(device.managedDeviceOwnerType)],
          ['Management name', device.managedDeviceName],
        ]),
        h('h2', {}, 'Compliance'),
        complianceFacts(compliance),
      ),
    ),
    locationSection(device),
    historySection,
    await appsSection(id, privacy),
    privacySection(privacy),
  );
  renderHistory(historySection, history);
  schedule(history);
}

function hardwareFacts(device) {
  return facts([
    ['Manufacturer', device.manufacturer],
    ['Model', device.model],
    ['Serial number', device.serialNumber],
    ['IMEI', device.imei],
    ['MEID', device.meid],
    ['ICCID', device.iccid],
    ['UDID', device.udid],
    ['Wi-Fi MAC', device.wiFiMacAddress],
    ['Ethernet MAC', device.ethernetMacAddress],
    ['Phone number', device.phoneNumber],
    ['Carrier', device.subscriberCarrier],
    [
      'Storage',
      device.totalStorageSpaceInBytes
        ? `${formatBytes(device.freeStorageSpaceInBytes)} free of ${formatBytes(device.totalStorageSpaceInBytes)}`
        : '',
    ],
    ['Memory', device.physicalMemoryInBytes ? formatBytes(device.physicalMemoryInBytes) : ''],
    ['Azure AD device id', device.azureADRegistered ? device.azureADDeviceId : ''],
  ]);
}

function complianceFacts(compliance) {
  return facts([
    [
      'State',
      h(
        'span',
        { class: `pill ${compliance.complianceState}`, id: 'compliance-state' },
        compliance.complianceState,
      ),
    ],
    [
      'Offending app',
      compliance.offendingApp
        ? `${compliance.offendingApp.displayName} (${compliance.offendingApp.appId}) — ${
            compliance.compliantAppListType === 'appsNotInListCompliant'
              ? 'a prohibited app'
              : 'not an allowed app'
          }`
        : '',
    ],
  ]);
}

function actionsSection(device, refreshHistory) {
  if (!can('remoteActions')) return null;
  const name = device.deviceName || device.id;
  const corporate = device.managedDeviceOwnerType === 'company';
  const run = (action, confirm) => async () => {
    if (confirm && !(await confirmDialog(confirm))) return;
    try {
      await api(`${DM}/${device.id}/${action}`, {
        method: 'POST',
        body: action === 'wipe' ? {} : undefined,
      });
      announce(
        `${ACTION_NAMES[action]} requested for ${name}: it happens at the device’s next check-in.`,
      );
      await refreshHistory();
    } catch (error) {
      announce(`${ACTION_NAMES[action]} refused: ${error.message}`);
    }
  };
  const button = (action, options = {}) =>
    h(
      'button',
      {
        type: 'button',
        class: options.danger ? 'danger' : '',
        onclick: run(action, options.confirm),
        'data-action': action,
      },
      ACTION_NAMES[action],
    );
  return h(
    'section',
    { class: 'actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, 'Actions'),
    h(
      'div',
      { class: 'buttons' },
      button('syncDevice'),
      button('remoteLock'),
      corporate ? button('locateDevice') : null,
      button('retire', {
        danger: true,
        confirm: {
          title: `Retire ${name}?`,
          body: [
            `${name} leaves management at its next check-in: its apps, install states and personal fields are deleted here. The device keeps its own data.`,
          ],
          confirmText: `Retire ${name}`,
          danger: true,
        },
      }),
      button('wipe', {
        danger: true,
        confirm: {
          title: `Wipe ${name}?`,
          body: [
            `${name} is reset to factory settings at its next check-in: everything on it is erased, and its data here is deleted. This cannot be undone.`,
          ],
          confirmText: `Wipe ${name}`,
          danger: true,
        },
      }),
    ),
    corporate
      ? null
      : h(
          'p',
          { class: 'hint' },
          'Locate is offered for corporate devices only: personal devices never share their location.',
        ),
  );
}

function ownershipSection(device, reload) {
  if (!can('changeOwnership')) return null;
  const name = device.deviceName || device.id;
  const choice = select('ownership-change', OWNER_TYPES, device.managedDeviceOwnerType);
  const warning = h('p', { class: 'hint', id: 'ownership-warning', 'aria-live': 'polite' });
  const warn = () => {
    const to = choice.value;
    const from = device.managedDeviceOwnerType;
    warning.textContent =
      to === from
        ? ''
        : from === 'company'
          ? `Making ${name} ${ownerLabel(to).toLowerCase()} deletes its unmanaged apps, its full phone number (the last four digits stay), any pending locate request and earlier locations.`
          : to === 'company'
            ? `Making ${name} corporate collects its full app inventory and full phone number from its next check-in on.`
            : '';
  };
  choice.addEventListener('change', warn);
  const form = h(
    'form',
    { class: 'inline', 'aria-labelledby': 'ownership-title' },
    h('h2', { id: 'ownership-title' }, 'Ownership'),
    h('label', { for: 'ownership-change' }, 'Owner type '),
    choice,
    h('button', { type: 'submit' }, 'Change ownership'),
    warning,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (choice.value === device.managedDeviceOwnerType) return;
    const ok = await confirmDialog({
      title: `Change ${name} to ${ownerLabel(choice.value).toLowerCase()}?`,
      body: [warning.textContent || 'The ownership changes at once.'],
      confirmText: 'Change ownership',
      danger: device.managedDeviceOwnerType === 'company',
    });
    if (!ok) return;
    try {
      await api(`${DM}/${device.id}`, {
        method: 'PATCH',
        body: { managedDeviceOwnerType: choice.value },
      });
      announce(`${name} is now ${ownerLabel(choice.value).toLowerCase()}.`);
      await reload();
    } catch (error) {
      announce(`Ownership not changed: ${error.message}`);
    }
  });
  return form;
}

function renderHistory(section, history) {
  replace(
    section,
    h('h2', { id: 'history-title' }, 'Action history'),
    table(
      'Remote actions requested for this device, newest first',
      ['Action', 'Status', 'Requested by', 'Requested', 'Completed'],
      history.value.map((action) => [
        ACTION_NAMES[action.actionName] ?? action.actionName,
        h(
          'span',
          { class: `pill ${action.status}`, 'data-status': action.status },
          STATUS_NAMES[action.status] ?? action.status,
        ),
        action.requestedBy ?? '—',
        formatDate(action.requestedDateTime),
        formatDate(action.completedDateTime),
      ]),
      { empty: 'No remote actions yet.' },
    ),
  );
}

function locationSection(device) {
  const located = (device.deviceActionResults ?? []).find((result) => result.deviceLocation);
  if (!located) return null;
  const { latitude, longitude, horizontalAccuracy } = located.deviceLocation;
  return h(
    'section',
    { 'aria-labelledby': 'location-title' },
    h('h2', { id: 'location-title' }, 'Last located'),
    facts([
      ['Position', `${latitude}, ${longitude}`],
      ['Accuracy', horizontalAccuracy ? `±${horizontalAccuracy} m` : ''],
      ['When', formatDate(located.lastUpdatedDateTime)],
    ]),
  );
}

/** The inventory when it is collected; otherwise why not, in the privacy view's words. */
async function appsSection(id, privacy) {
  const scope = privacy.categories.find((entry) => entry.category === 'appInventory');
  const section = h(
    'section',
    { id: 'apps', 'aria-labelledby': 'apps-title' },
    h('h2', { id: 'apps-title' }, 'Apps'),
  );
  // Why the full list is not kept (personal device…); "managed app" is what is kept, not why.
  const why = scope.reasons
    .filter((reason) => reason !== 'managedApp')
    .map((reason) => REASONS[reason] ?? reason)
    .join(', ');
  if (scope.form === 'notCollected') {
    section.append(
      h(
        'p',
        { class: 'notice', id: 'apps-not-collected' },
        `App inventory not collected (${why}).`,
      ),
    );
    return section;
  }
  if (scope.form !== 'full') {
    section.append(
      h(
        'p',
        { class: 'notice', id: 'apps-not-collected' },
        `Full app inventory not collected: ${why}. Only ${scope.form === 'workProfileAppsOnly' ? 'work-profile apps' : 'apps your organization deploys (managed apps)'} are collected and listed here.`,
      ),
    );
  }
  const apps = await api(`${DM}/${id}/detectedApps?$top=1000&$count=true&$orderby=displayName`);
  const total = apps['@odata.count'] ?? apps.value.length;
  section.append(
    table(
      total > apps.value.length
        ? `First ${formatNumber(apps.value.length)} of ${formatNumber(total)} apps`
        : `${formatNumber(total)} ${total === 1 ? 'app' : 'apps'}`,
      ['', 'Name', 'Version', 'Publisher', 'Size'],
      apps.value.map((app) => [
        appIcon(app.displayName),
        h('a', { href: `#/apps/detected/${app.id}` }, app.displayName),
        app.version,
        app.publisher || '—',
        formatBytes(app.sizeInByte),
      ]),
      { empty: 'No apps reported yet.' },
    ),
  );
  return section;
}

/** A monogram in one of eight colours picked from the name: apps report no icon of their own. */
export function appIcon(name) {
  let hash = 0;
  for (const c of name ?? '') hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return h(
    'span',
    { class: `app-icon c${hash % 8}`, 'aria-hidden': 'true' },
    (name || '?').trim().charAt(0).toUpperCase(),
  );
}

function privacySection(privacy) {
  return h(
    'section',
    { id: 'privacy', 'aria-labelledby': 'privacy-title' },
    h('h2', { id: 'privacy-title' }, 'What is kept about this device, and why'),
    h('p', { class: 'hint' }, 'The same view the device’s user sees in the company portal.'),
    table(
      'Data categories',
      ['Data', 'Kept', 'Why'],
      privacy.categories.map((entry) => [
        entry.category,
        FORMS[entry.form] ?? entry.form,
        entry.reasons.map((reason) => REASONS[reason] ?? reason).join(', '),
      ]),
    ),
  );
}

function goneView(main, history) {
  replace(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/devices' }, '← Devices')),
    h('h1', {}, history.managementState === 'wiped' ? 'Wiped device' : 'Retired device'),
    h(
      'p',
      { class: 'notice', id: 'device-gone' },
      `This device was ${history.managementState} on ${formatDate(history.retiredDateTime)}. Its inventory and personal data are deleted; what was done to it stays below.`,
    ),
    h(
      'p',
      {},
      'Management state: ',
      h('span', { id: 'management-state', class: 'pill' }, history.managementState),
    ),
    (() => {
      const section = h('section', { id: 'action-history', 'aria-labelledby': 'history-title' });
      renderHistory(section, history);
      return section;
    })(),
  );
}
