// The console's shell: sign-in, the signed-in admin, navigation between the pages.
import { api, ApiError, session } from './api.js';
import { errorBox, field, h, replace } from './dom.js';
import { appsPage, detectedAppPage } from './apps.js';
import { auditPage } from './audit.js';
import { devicePage } from './device.js';
import { devicesPage } from './devices.js';
import { settingsPage } from './settings.js';
import { currentAdmin, leavePage, setCurrentAdmin } from './state.js';

const main = document.getElementById('main');
const header = document.querySelector('header.top');

function signInPage(message) {
  header.hidden = true;
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: false,
  });
  const problem = h('div', { id: 'sign-in-problem' }, message ? errorBox({ message }) : null);
  const form = h(
    'form',
    { class: 'sign-in card', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Paste an admin token (adm_…). It stays in this browser tab only.'),
    field('Admin token', input),
    problem,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    session.signIn(input.value.trim());
    try {
      await loadMe();
      if (!location.hash || location.hash === '#/') location.hash = '#/devices';
      else route();
    } catch (error) {
      session.signOut();
      replace(problem, errorBox({ message: signInProblem(error) }));
      input.focus();
    }
  });
  replace(main, form);
  input.focus();
}

function signInProblem(error) {
  if (error instanceof ApiError && error.status === 401) {
    return 'That token was not accepted: it is wrong, expired or revoked. Check it and try again.';
  }
  return `Signing in failed: ${error.message}`;
}

async function loadMe() {
  const me = await api('/v1.0/admin/me');
  setCurrentAdmin(me);
  const who = document.getElementById('who');
  replace(who, `${me.userPrincipalName} · ${me.role} · ${me.tenantDisplayName}`);
  header.hidden = false;
}

/** [pattern, page, whether the page needs the admin's permissions before it renders]. */
const ROUTES = [
  [/^#\/devices\/([0-9a-f-]{36})$/i, (id) => devicePage(main, id), true],
  [/^#\/devices(?:\?.*)?$/, () => devicesPage(main), false],
  [/^#\/apps\/detected\/(\d+)(?:\?.*)?$/, (id) => detectedAppPage(main, id), false],
  [/^#\/apps(?:\?.*)?$/, () => appsPage(main), false],
  [/^#\/audit(?:\?.*)?$/, () => auditPage(main), false],
  [/^#\/settings$/, () => settingsPage(main), true],
];

async function route() {
  if (!session.token()) return signInPage();
  leavePage();
  const hash = location.hash || '#/devices';
  const [pattern, page, needsPermissions] = ROUTES.find(([pattern]) => pattern.test(hash)) ?? [];
  if (!page) {
    location.hash = '#/devices';
    return;
  }
  const section = hash.slice(2).split(/[/?]/)[0];
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Who is signed in is asked alongside a page that needs no permission (the device list), not
  // before it: one round trip less before the first rows.
  const signingIn = currentAdmin() ? Promise.resolve() : loadMe();
  try {
    if (needsPermissions) await signingIn;
    await Promise.all([signingIn, page(...hash.match(pattern).slice(1))]);
  } catch (error) {
    if (currentAdmin()) return replace(main, errorBox(error));
    session.signOut();
    signInPage(signInProblem(error));
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('console:signed-out', () => {
  // A wrong token at sign-in is answered by the sign-in form itself.
  if (!currentAdmin()) return;
  leavePage();
  setCurrentAdmin(null);
  session.signOut();
  signInPage('Your token is no longer accepted (expired or revoked). Sign in again.');
});
document.getElementById('sign-out').addEventListener('click', () => {
  leavePage();
  setCurrentAdmin(null);
  session.signOut();
  signInPage();
});
route();
