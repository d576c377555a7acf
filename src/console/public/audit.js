// Audit log: filterable by date, category and actor; newest first, paged by the server.
import { api, odataString, queryString } from './api.js';
import {
  errorBox,
  field,
  formatDate,
  formatNumber,
  h,
  pagerButtons,
  replace,
  select,
  table,
} from './dom.js';
import { hashQuery, setHashQuery } from './state.js';

const PAGE_SIZE = 50;
const CATEGORIES = [
  ['', 'Any category'],
  ['Device', 'Device'],
  ['Compliance', 'Compliance'],
  ['Enrollment', 'Enrollment'],
  ['Application', 'Application'],
  ['Role', 'Role'],
  ['Tenant', 'Tenant'],
  ['DataSubjectRequest', 'Data-subject request'],
];

export function auditFilter({ from, to, category, actor }) {
  const terms = [];
  if (from) terms.push(`activityDateTime ge ${new Date(`${from}T00:00:00`).toISOString()}`);
  if (to) {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    terms.push(`activityDateTime lt ${end.toISOString()}`);
  }
  if (category) terms.push(`category eq ${odataString(category)}`);
  if (actor) terms.push(`actor/userPrincipalName eq ${odataString(actor)}`);
  return terms.join(' and ');
}

export async function auditPage(main) {
  const params = hashQuery();
  const filters = Object.fromEntries(
    ['from', 'to', 'category', 'actor'].map((name) => [name, params.get(name) ?? '']),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log' },
    field(
      'From',
      h('input', { type: 'date', name: 'from', id: 'audit-from', value: filters.from }),
    ),
    field('To', h('input', { type: 'date', name: 'to', id: 'audit-to', value: filters.to })),
    field('Category', select('category', CATEGORIES, filters.category)),
    field(
      'Actor (UPN)',
      h('input', {
        type: 'text',
        name: 'actor',
        id: 'audit-actor',
        value: filters.actor,
        maxlength: 320,
        autocomplete: 'off',
      }),
    ),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('a', { href: '#/audit', class: 'button' }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setHashQuery('#/audit', Object.fromEntries(new FormData(form)));
  });
  const results = h('section', { id: 'audit-results', 'aria-label': 'Audit events' });
  replace(main, h('h1', {}, 'Audit log'), form, results);
  const tokens = [];
  const show = async (skipToken) => {
    try {
      const page = await api(
        `/v1.0/deviceManagement/auditEvents${queryString({ $filter: auditFilter(filters), $top: PAGE_SIZE, $count: 'true', $skiptoken: skipToken })}`,
      );
      const next = page['@odata.nextLink']
        ? new URL(page['@odata.nextLink']).searchParams.get('$skiptoken')
        : null;
      replace(
        results,
        h(
          'div',
          { class: 'list-bar' },
          h('p', {}, `${formatNumber(page['@odata.count'])} events, newest first`),
          h(
            'div',
            { class: 'buttons' },
            pagerButtons({ previous: tokens, current: skipToken, next, show }),
          ),
        ),
        table(
          'Audit events',
          ['When', 'Category', 'Activity', 'Result', 'Actor', 'Resources'],
          page.value.map((event) => [
            formatDate(event.activityDateTime),
            event.category,
            h('span', {}, event.activity, h('br'), h('small', {}, event.activityType)),
            h(
              'span',
              { class: `pill ${event.activityResult === 'Success' ? 'done' : 'failed'}` },
              event.activityResult,
            ),
            event.actor?.userPrincipalName || event.actor?.applicationDisplayName || '—',
            (event.resources ?? []).map((resource) =>
              h(
                'div',
                {},
                `${resource.type}: `,
                resource.type === 'device' || resource.type === 'managedDevice'
                  ? h(
                      'a',
                      { href: `#/devices/${resource.resourceId}` },
                      resource.displayName || resource.resourceId,
                    )
                  : resource.displayName || resource.resourceId,
              ),
            ),
          ]),
          { empty: 'No events match.' },
        ),
      );
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  await show(undefined);
}
