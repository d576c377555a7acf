// Small DOM helpers: elements are built with DOM calls, never parsed from strings of markup.

/** h('a', { href: '#x', class: 'y', onclick }, 'text', child) */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A labelled form field: the label names the control by its id (every control has one). */
export function field(label, control) {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

export function select(name, options, value) {
  return h(
    'select',
    { name, id: name },
    options.map(([optionValue, text]) =>
      h('option', { value: optionValue, selected: optionValue === value }, text),
    ),
  );
}

/** A table with a caption, headers and rows (arrays of cells). */
export function table(caption, headers, rows, { empty = 'Nothing to show.' } = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((header) =>
            header instanceof Node ? header : h('th', { scope: 'col' }, header),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.length
          ? rows.map((cells) =>
              h(
                'tr',
                {},
                cells.map((cell) => h('td', {}, cell)),
              ),
            )
          : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, empty)),
      ),
    ),
  );
}

/** A definition list of [term, value] pairs, leaving out empty values. */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

const NO_DATE = '0001-01-01T00:00:00Z';

export function formatDate(value) {
  if (!value || value === NO_DATE) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const formatNumber = (value) => Number(value ?? 0).toLocaleString('en-US');

export function formatBytes(value) {
  const bytes = Number(value ?? 0);
  if (!bytes) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const power = Math.min(units.length - 1, Math.floor(Math.log10(bytes) / 3));
  return `${(bytes / 1000 ** power).toFixed(power ? 1 : 0)} ${units[power]}`;
}

/** A short status message for everyone, announced by screen readers. */
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.classList.add('shown');
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => status.classList.remove('shown'), 4000);
}

/** An error box with the server's message. */
export const errorBox = (error) =>
  h('p', { class: 'error', role: 'alert' }, error.message ?? String(error));

/**
 * A modal confirmation (<dialog>): resolves true when the user confirms. `body` says what will
 * happen; the confirm button carries `confirmText`.
 */
export function confirmDialog({ title, body, confirmText, danger = false }) {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      [body].flat().map((line) => h('p', {}, line)),
      h(
        'div',
        { class: 'buttons' },
        h(
          'button',
          { type: 'button', value: 'cancel', onclick: () => dialog.close('cancel') },
          'Cancel',
        ),
        h(
          'button',
          {
            type: 'button',
            class: danger ? 'danger' : 'primary',
            onclick: () => dialog.close('confirm'),
          },
          confirmText,
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/**
 * Previous / Next over keyset pages. `previous` is the stack of the skip tokens of the pages before
 * this one (`current` is this page's), `next` the next page's token or none, `show` loads a page.
 */
export function pagerButtons({ previous, current, next, show }) {
  return [
    h(
      'button',
      { type: 'button', disabled: !previous.length, onclick: () => show(previous.pop()) },
      'Previous',
    ),
    h(
      'button',
      {
        type: 'button',
        disabled: !next,
        onclick: () => {
          previous.push(current);
          show(next);
        },
      },
      'Next',
    ),
  ];
}
