// Devices: counts per platform and ownership, filters, a server-side paged and sorted table, CSV.
import { api, download, odataString, queryString } from './api.js';
import {
  announce,
  errorBox,
  field,
  formatDate,
  formatNumber,
  h,
  pagerButtons,
  replace,
  select,
} from './dom.js';
import { hashQuery, setHashQuery } from './state.js';

const PAGE_SIZE = 50;
const SELECT = [
  'id',
  'deviceName',
  'userPrincipalName',
  'operatingSystem',
  'osVersion',
  'managedDeviceOwnerType',
  'complianceState',
  'managementState',
  'lastSyncDateTime',
].join(',');

export const PLATFORMS = [
  ['', 'All platforms'],
  ['iOS', 'iOS/iPadOS'],
  ['Android', 'Android'],
  ['macOS', 'macOS'],
  ['Windows', 'Windows'],
];
export const OWNER_TYPES = [
  ['company', 'Corporate'],
  ['personal', 'Personal'],
  ['unknown', 'Unknown'],
];
const COMPLIANCE = [
  ['', 'Any compliance'],
  ['compliant', 'Compliant'],
  ['noncompliant', 'Noncompliant'],
  ['unknown', 'Unknown'],
];
const MANAGEMENT = [
  ['', 'Any state'],
  ['managed', 'Managed'],
  ['retirePending', 'Retire pending'],
  ['retireFailed', 'Retire failed'],
  ['wipePending', 'Wipe pending'],
  ['wipeFailed', 'Wipe failed'],
];
/** Sortable columns: [label, Graph property or null]. */
const COLUMNS = [
  ['Device name', 'deviceName'],
  ['User', 'userPrincipalName'],
  ['Platform', 'operatingSystem'],
  ['OS version', 'osVersion'],
  ['Ownership', null],
  ['Compliance', 'complianceState'],
  ['Management', null],
  ['Last check-in', 'lastSyncDateTime'],
];

export const ownerLabel = (value) => OWNER_TYPES.find(([key]) => key === value)?.[1] ?? value;

/** The `$filter` and `$search` of the filter form's values. */
export function deviceQuery(filters) {
  const terms = [];
  if (filters.platform) terms.push(`operatingSystem eq ${odataString(filters.platform)}`);
  if (filters.ownership) terms.push(`managedDeviceOwnerType eq '${filters.ownership}'`);
  if (filters.compliance) terms.push(`complianceState eq '${filters.compliance}'`);
  if (filters.management) terms.push(`managementState eq '${filters.management}'`);
  if (filters.from)
    terms.push(`lastSyncDateTime ge ${new Date(`${filters.from}T00:00:00`).toISOString()}`);
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    terms.push(`lastSyncDateTime lt ${end.toISOString()}`);
  }
  return {
    $filter: terms.join(' and '),
    $search: filters.search ? `"${filters.search.replace(/["\\]/g, '\\$&')}"` : '',
  };
}

const FILTER_NAMES = [
  'platform',
  'ownership',
  'compliance',
  'management',
  'from',
  'to',
  'search',
  'sort',
];

export async function devicesPage(main) {
  const params = hashQuery();
  const filters = Object.fromEntries(FILTER_NAMES.map((name) => [name, params.get(name) ?? '']));
  const sort = filters.sort || 'deviceName asc';
  const counts = h('section', {
    class: 'counts',
    'aria-label': 'Devices per platform and ownership',
  });
  const results = h('section', { 'aria-label': 'Device list', id: 'device-results' });
  replace(main, h('h1', {}, 'Devices'), counts, filterForm(filters), results);
  const { $filter, $search } = deviceQuery(filters);
  const base = { $filter, $search, $orderby: sort, $select: SELECT, $top: PAGE_SIZE };
  // The counts table, asked at once. Without a filter its total is the list's total: a filtered
  // $count is counted through the filter's index, an unfiltered one would count every device again.
  const countsRequest = api('/v1.0/admin/managedDeviceCounts');
  countsRequest.catch(() => undefined);
  const unfiltered = !$filter && !$search;
  // Keyset paging: each page's $skiptoken comes from the previous page's nextLink.
  const tokens = [];
  const show = async (skipToken) => {
    const started = performance.now();
    let page;
    let total;
    try {
      const $count = unfiltered ? undefined : 'true';
      page = await api(
        `/beta/deviceManagement/managedDevices${queryString({ ...base, $count, $skiptoken: skipToken })}`,
      );
      total = unfiltered ? (await countsRequest).total : page['@odata.count'];
    } catch (error) {
      replace(results, errorBox(error));
      return;
    }
    const next = page['@odata.nextLink']
      ? new URL(page['@odata.nextLink']).searchParams.get('$skiptoken')
      : null;
    const first = tokens.length * PAGE_SIZE + 1;
    const shown = page.value.length
      ? `Devices ${formatNumber(first)}–${formatNumber(first + page.value.length - 1)} of ${formatNumber(total)}`
      : 'No devices match.';
    replace(
      results,
      h(
        'div',
        { class: 'list-bar' },
        h('p', { id: 'device-range', 'aria-live': 'polite' }, shown),
        h(
          'div',
          { class: 'buttons' },
          pagerButtons({ previous: tokens, current: skipToken, next, show }),
          h(
            'button',
            { type: 'button', onclick: () => exportCsv($filter, $search, sort) },
            'Export CSV',
          ),
        ),
      ),
      deviceTable(page.value, sort, filters),
    );
    results.dataset.renderMs = String(Math.round(performance.now() - started));
  };
  await show(undefined);
  await showCounts(counts, countsRequest);
}

async function showCounts(container, countsRequest) {
  try {
    const counts = await countsRequest;
    const platforms = [...new Set(counts.value.map((entry) => entry.operatingSystem))];
    const cell = (os, owner) =>
      counts.value
        .filter(
          (e) =>
            (!os || e.operatingSystem === os) && (!owner || e.managedDeviceOwnerType === owner),
        )
        .reduce((sum, e) => sum + e.count, 0);
    const link = (os, owner) => {
      const n = cell(os, owner);
      const query = new URLSearchParams({
        ...(os && { platform: os }),
        ...(owner && { ownership: owner }),
      });
      return h('a', { href: `#/devices?${query}` }, formatNumber(n));
    };
    replace(
      container,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'count-table' },
          h('caption', {}, `${formatNumber(counts.total)} managed devices`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Platform'),
              OWNER_TYPES.map(([, label]) => h('th', { scope: 'col' }, label)),
              h('th', { scope: 'col' }, 'Total'),
            ),
          ),
          h(
            'tbody',
            {},
            platforms.map((os) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, os),
                OWNER_TYPES.map(([owner]) => h('td', {}, link(os, owner))),
                h('td', {}, link(os, '')),
              ),
            ),
            h(
              'tr',
              { class: 'total' },
              h('th', { scope: 'row' }, 'All'),
              OWNER_TYPES.map(([owner]) => h('td', {}, link('', owner))),
              h('td', {}, link('', '')),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    replace(container, errorBox(error));
  }
}

function filterForm(filters) {
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter devices', role: 'search' },
    field('Platform', select('platform', PLATFORMS, filters.platform)),
    field(
      'Ownership',
      select('ownership', [['', 'Any ownership'], ...OWNER_TYPES], filters.ownership),
    ),
    field('Compliance', select('compliance', COMPLIANCE, filters.compliance)),
    field('Management state', select('management', MANAGEMENT, filters.management)),
    field(
      'Last check-in from',
      h('input', { type: 'date', name: 'from', id: 'from', value: filters.from }),
    ),
    field(
      'Last check-in to',
      h('input', { type: 'date', name: 'to', id: 'to', value: filters.to }),
    ),
    field(
      'Search name, serial, IMEI, UPN',
      h('input', {
        type: 'search',
        name: 'search',
        id: 'search',
        value: filters.search,
        maxlength: 200,
      }),
    ),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('a', { href: '#/devices', class: 'button' }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    setHashQuery('#/devices', { ...values, sort: filters.sort });
  });
  // A choice in a drop-down applies at once; text and dates wait for Apply.
  form.addEventListener('change', (event) => {
    if (event.target.tagName === 'SELECT') form.requestSubmit();
  });
  return form;
}

function deviceTable(devices, sort, filters) {
  const [sortKey, direction] = sort.split(' ');
  const header = ([label, key]) => {
    if (!key) return h('th', { scope: 'col' }, label);
    const active = key === sortKey;
    const nextDirection = active && direction === 'asc' ? 'desc' : 'asc';
    return h(
      'th',
      {
        scope: 'col',
        'aria-sort': active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none',
      },
      h(
        'button',
        {
          type: 'button',
          class: 'sort',
          onclick: () => setHashQuery('#/devices', { ...filters, sort: `${key} ${nextDirection}` }),
        },
        label,
        active ? (direction === 'asc' ? ' ▲' : ' ▼') : '',
      ),
    );
  };
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'devices' },
      h('caption', { class: 'visually-hidden' }, 'Devices'),
      h('thead', {}, h('tr', {}, COLUMNS.map(header))),
      h(
        'tbody',
        {},
        devices.map((device) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h('a', { href: `#/devices/${device.id}` }, device.deviceName || '(no name)'),
            ),
            h('td', {}, device.userPrincipalName || '—'),
            h('td', {}, device.operatingSystem),
            h('td', {}, device.osVersion),
            h('td', {}, ownerLabel(device.managedDeviceOwnerType)),
            h(
              'td',
              {},
              h('span', { class: `pill ${device.complianceState}` }, device.complianceState),
            ),
            h('td', {}, device.managementState),
            h('td', { class: 'nowrap' }, formatDate(device.lastSyncDateTime)),
          ),
        ),
      ),
    ),
  );
}

async function exportCsv($filter, $search, sort) {
  announce('Exporting…');
  try {
    await download(
      `/v1.0/admin/managedDevices/export${queryString({ $filter, $search, $orderby: sort })}`,
      'managed-devices.csv',
    );
    announce('Export saved as managed-devices.csv');
  } catch (error) {
    announce(`Export failed: ${error.message}`);
  }
}
