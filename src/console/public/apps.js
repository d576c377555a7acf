// Apps: detected apps with device counts (and their devices), deployed apps with install summaries.
import { api, queryString } from './api.js';
import {
  errorBox,
  field,
  formatBytes,
  formatDate,
  formatNumber,
  h,
  pagerButtons,
  replace,
  table,
} from './dom.js';
import { appIcon } from './device.js';
import { ownerLabel } from './devices.js';
import { hashQuery, setHashQuery } from './state.js';

const PAGE_SIZE = 50;

export async function appsPage(main) {
  const params = hashQuery();
  const search = params.get('search') ?? '';
  const detected = h('section', { id: 'detected-apps', 'aria-labelledby': 'detected-title' });
  const deployed = h('section', { id: 'deployed-apps', 'aria-labelledby': 'deployed-title' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search detected apps' },
    field(
      'Search app name or id',
      h('input', {
        type: 'search',
        name: 'search',
        id: 'app-search',
        value: search,
        maxlength: 200,
      }),
    ),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Search')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setHashQuery('#/apps', { search: new FormData(form).get('search') });
  });
  replace(
    main,
    h('h1', {}, 'Apps'),
    deployed,
    h('h2', { id: 'detected-title' }, 'Detected apps'),
    form,
    detected,
  );
  await Promise.all([deployedApps(deployed), detectedApps(detected, search)]);
}

async function detectedApps(section, search) {
  const tokens = [];
  const show = async (skipToken) => {
    const query = {
      $orderby: 'deviceCount desc',
      $top: PAGE_SIZE,
      $count: 'true',
      $search: search ? `"${search.replace(/["\\]/g, '\\$&')}"` : '',
      $skiptoken: skipToken,
    };
    try {
      const page = await api(`/v1.0/deviceManagement/detectedApps${queryString(query)}`);
      const next = page['@odata.nextLink']
        ? new URL(page['@odata.nextLink']).searchParams.get('$skiptoken')
        : null;
      replace(
        section,
        h(
          'div',
          { class: 'list-bar' },
          h('p', {}, `${formatNumber(page['@odata.count'])} app versions seen in the tenant`),
          h(
            'div',
            { class: 'buttons' },
            pagerButtons({ previous: tokens, current: skipToken, next, show }),
          ),
        ),
        table(
          'Detected apps, most installed first',
          ['', 'Name', 'Version', 'Publisher', 'Platform', 'Size', 'Devices'],
          page.value.map((app) => [
            appIcon(app.displayName),
            h('a', { href: `#/apps/detected/${app.id}` }, app.displayName),
            app.version,
            app.publisher || '—',
            app.platform,
            formatBytes(app.sizeInByte),
            h(
              'a',
              {
                href: `#/apps/detected/${app.id}`,
                'aria-label': `${formatNumber(app.deviceCount)} devices with ${app.displayName}`,
              },
              formatNumber(app.deviceCount),
            ),
          ]),
          { empty: 'No apps detected.' },
        ),
      );
    } catch (error) {
      replace(section, errorBox(error));
    }
  };
  await show(undefined);
}

const SUMMARY = [
  ['installedDeviceCount', 'Installed', 'installed'],
  ['pendingInstallDeviceCount', 'Pending', 'pending'],
  ['failedDeviceCount', 'Failed', 'failed'],
  ['notInstalledDeviceCount', 'Not installed', 'not-installed'],
  ['notApplicableDeviceCount', 'Not applicable', 'not-applicable'],
];
const SVG = 'http://www.w3.org/2000/svg';

/** A stacked bar of install states (SVG: sizes are attributes, so the strict CSP allows them). */
function summaryChart(name, summary) {
  const total = SUMMARY.reduce((sum, [key]) => sum + (summary[key] ?? 0), 0);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 300 16');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `${name}: ${SUMMARY.map(([key, label]) => `${label.toLowerCase()} ${summary[key] ?? 0}`).join(', ')}`,
  );
  let x = 0;
  for (const [key, , css] of SUMMARY) {
    const width = total ? ((summary[key] ?? 0) / total) * 300 : 0;
    if (!width) continue;
    const rect = document.createElementNS(SVG, 'rect');
    for (const [attribute, value] of Object.entries({
      x,
      y: 0,
      width,
      height: 16,
      class: `bar ${css}`,
    })) {
      rect.setAttribute(attribute, String(value));
    }
    svg.append(rect);
    x += width;
  }
  if (!total) {
    const rect = document.createElementNS(SVG, 'rect');
    for (const [attribute, value] of Object.entries({
      x: 0,
      y: 0,
      width: 300,
      height: 16,
      class: 'bar none',
    })) {
      rect.setAttribute(attribute, String(value));
    }
    svg.append(rect);
  }
  return svg;
}

async function deployedApps(section) {
  try {
    const apps = await api('/v1.0/deviceAppManagement/mobileApps?$top=200');
    const summaries = await Promise.all(
      apps.value.map((app) => api(`/v1.0/deviceAppManagement/mobileApps/${app.id}/installSummary`)),
    );
    replace(
      section,
      h('h2', { id: 'deployed-title' }, 'Deployed apps'),
      h(
        'p',
        { class: 'legend' },
        SUMMARY.map(([, label, css]) =>
          h('span', {}, h('span', { class: `swatch ${css}`, 'aria-hidden': 'true' }), label),
        ),
      ),
      table(
        'The tenant’s deployed (managed) apps and their install states on devices',
        ['', 'Name', 'Type', 'Install states', 'Installed', 'Failed', 'Pending'],
        apps.value.map((app, i) => [
          appIcon(app.displayName),
          app.displayName,
          (app['@odata.type'] ?? '').replace('#microsoft.graph.', ''),
          summaryChart(app.displayName, summaries[i]),
          formatNumber(summaries[i].installedDeviceCount),
          formatNumber(summaries[i].failedDeviceCount),
          formatNumber(summaries[i].pendingInstallDeviceCount),
        ]),
        { empty: 'No deployed apps.' },
      ),
    );
  } catch (error) {
    replace(section, errorBox(error));
  }
}

/** The devices that have one detected app version. */
export async function detectedAppPage(main, id) {
  const app = await api(`/v1.0/deviceManagement/detectedApps/${id}`);
  const tokens = [];
  const list = h('section', { 'aria-label': 'Devices with this app' });
  replace(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/apps' }, '← Apps')),
    h('h1', {}, appIcon(app.displayName), ' ', `${app.displayName} ${app.version}`),
    h(
      'p',
      { class: 'subtitle' },
      `${app.publisher || 'Unknown publisher'} · ${app.platform} · on ${formatNumber(app.deviceCount)} devices`,
    ),
    list,
  );
  const show = async (skipToken) => {
    const page = await api(
      `/v1.0/deviceManagement/detectedApps/${id}/managedDevices${queryString({
        $top: PAGE_SIZE,
        $select:
          'id,deviceName,userPrincipalName,operatingSystem,managedDeviceOwnerType,lastSyncDateTime',
        $skiptoken: skipToken,
      })}`,
    );
    const next = page['@odata.nextLink']
      ? new URL(page['@odata.nextLink']).searchParams.get('$skiptoken')
      : null;
    replace(
      list,
      h(
        'div',
        { class: 'list-bar' },
        h(
          'div',
          { class: 'buttons' },
          pagerButtons({ previous: tokens, current: skipToken, next, show }),
        ),
      ),
      table(
        'Devices with this app',
        ['Device name', 'User', 'Platform', 'Ownership', 'Last check-in'],
        page.value.map((device) => [
          h('a', { href: `#/devices/${device.id}` }, device.deviceName),
          device.userPrincipalName || '—',
          device.operatingSystem,
          ownerLabel(device.managedDeviceOwnerType),
          formatDate(device.lastSyncDateTime),
        ]),
      ),
    );
  };
  await show(undefined);
}
