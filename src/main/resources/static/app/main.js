// The router: hash routes (#/jobs, #/jobs/{id}, ...) so that the service serves one static page
// and every view has a link a person can share or reload.
import { h, fill } from './dom.js';
import { Scope } from './scope.js';
import { jobsPage } from './jobs.js';
import { jobPage } from './job.js';
import { studiesPage } from './studies.js';
import { studyPage } from './study.js';
import { submitPage } from './submit.js';
import { playgroundPage } from './playground.js';
import { onKeyChange, renderAccount } from './auth.js';

const routes = [
  [/^\/jobs$/, jobsPage, 'jobs'],
  [/^\/jobs\/([0-9a-fA-F-]+)$/, jobPage, 'jobs'],
  [/^\/studies$/, studiesPage, 'studies'],
  [/^\/studies\/([0-9a-fA-F-]+)$/, studyPage, 'studies'],
  [/^\/submit$/, submitPage, 'submit'],
  [/^\/playground$/, playgroundPage, 'playground'],
];

const root = document.getElementById('page');
let scope = null;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/jobs';
  const [path, search] = hash.split('?');
  const params = new URLSearchParams(search || '');
  if (scope) scope.dispose();
  scope = new Scope();
  for (const [pattern, page, section] of routes) {
    const match = path.match(pattern);
    if (match) {
      markNav(section);
      fill(root);
      page(root, scope, { id: match[1], params });
      return;
    }
  }
  markNav(null);
  fill(root, h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, hash), '. ', h('a', { href: '#/jobs' }, 'Go to the jobs.')));
}

function markNav(section) {
  for (const a of document.querySelectorAll('#nav a[data-section]')) {
    a.classList.toggle('active', a.dataset.section === section);
  }
}

window.addEventListener('hashchange', route);
// A key given (or dropped) re-renders the page: what it could not read before, it reads now.
const account = document.getElementById('account');
onKeyChange(() => {
  renderAccount(account);
  route();
});
renderAccount(account);
route();
