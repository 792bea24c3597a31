// The API key, when the service needs one (it listens beyond loopback): asked for on the first 401,
// kept for this browser tab's session only (sessionStorage: gone when the tab closes, never sent
// anywhere but this service's own API, never in a cookie).
import { h, fill } from './dom.js';

const STORAGE = 'descent.apiKey';
const listeners = [];

export function apiKey() {
  return sessionStorage.getItem(STORAGE);
}

/** Headers that authenticate a request: none when no key was given. */
export function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: 'Bearer ' + key } : {};
}

export function signOut() {
  sessionStorage.removeItem(STORAGE);
  changed();
}

/** Called with the new key (or null) whenever it changes. */
export function onKeyChange(fn) {
  listeners.push(fn);
}

function changed() {
  listeners.forEach((fn) => fn(apiKey()));
}

let prompting = false;

/**
 * A request was refused for want of a (valid) key: ask for one, over the page. Several refusals
 * at once (a page's parallel requests) show one prompt.
 */
export function unauthorized(problem) {
  if (prompting) return;
  prompting = true;
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'dsk_…', size: 52 });
  const error = h('p', { class: 'muted' }, apiKey() ? 'That key was refused: ' + ((problem && problem.detail) || 'unknown or revoked') : '');
  const dialog = h('div', { class: 'login', id: 'login', role: 'dialog', 'aria-modal': 'true' },
    h('form', { class: 'card login-card' },
      h('h2', {}, 'This service needs an API key'),
      h('p', {}, 'It listens beyond this machine, so every request carries a key. An admin makes keys with ',
        h('code', {}, 'POST /api/v1/keys'), '; the first admin key is printed in the service\u2019s log at its first start.'),
      error,
      h('label', {}, 'API key ', input),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in')),
      h('p', { class: 'muted' }, 'Kept for this tab only, until it closes or you sign out.')));
  dialog.querySelector('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    sessionStorage.setItem(STORAGE, key);
    dialog.remove();
    prompting = false;
    changed();
  });
  document.body.append(dialog);
  input.focus();
}

/** The nav bar's corner: who is signed in, and a way out. */
export function renderAccount(container) {
  const key = apiKey();
  fill(container, key
    ? h('span', { class: 'account' }, h('span', { class: 'muted' }, 'key ' + key.slice(0, 8) + '…'), ' ',
      h('button', { class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out'))
    : '');
}
