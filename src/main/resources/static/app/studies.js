// #/studies: every study, newest first, refreshed every 2 s.
import { h, fill, update } from './dom.js';
import { get, query } from './api.js';
import { badge, duration, num, shortId, stageLabel, time, DASH, TERMINAL_STUDY } from './format.js';

export function studiesPage(root, scope, { params }) {
  const status = params.get('status') || '';
  const select = h('select', { id: 'filter-study-status', onchange: () => { location.hash = '#/studies' + query({ status: select.value }); } },
    h('option', { value: '' }, 'any status'), ['RUNNING', ...TERMINAL_STUDY].map((s) => h('option', { value: s, selected: s === status }, s)));
  const summary = h('span', { class: 'muted' });
  const tbody = h('tbody');
  const error = h('p', { class: 'error', hidden: true });
  fill(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Studies'), h('a', { class: 'button', href: '#/submit?kind=study' }, 'Start a study')),
    h('div', { class: 'filters' }, h('label', {}, 'Status ', select), summary),
    error,
    h('table', { class: 'table', id: 'studies-table' },
      h('thead', {}, h('tr', {}, ['Study', 'Status', 'Trials', 'Stage', 'Best', 'ETA', 'Created'].map((t) => h('th', {}, t)))),
      tbody));

  scope.repeat(2000, async () => {
    const page = await get('/api/v1/studies' + query({ status, size: 100 }));
    error.hidden = true;
    summary.textContent = page.totalItems + (page.totalItems === 1 ? ' study' : ' studies') + ' · refreshed ' + new Date().toLocaleTimeString();
    update(tbody, page.items.length === 0
      ? [h('tr', { dataset: { key: 'none' } }, h('td', { colspan: 7, class: 'muted' }, 'No studies yet. ', h('a', { href: '#/submit?kind=study' }, 'Start one.')))]
      : page.items.map(row));
  }, (e) => {
    error.hidden = false;
    error.textContent = 'Could not load the studies: ' + e.message;
  });
}

function row(study) {
  const c = study.counts || {};
  const finished = (c.succeeded || 0) + (c.pruned || 0) + (c.failed || 0) + (c.cancelled || 0);
  const objective = (study.spec && study.spec.objective) || {};
  return h('tr', { dataset: { key: study.id, studyId: study.id, status: study.status } },
    h('td', {}, h('a', { href: '#/studies/' + study.id }, study.name), h('div', { class: 'muted small' }, shortId(study.id))),
    h('td', {}, badge(study.status)),
    h('td', {}, `${finished} of ${study.trials} done`, h('div', { class: 'muted small' },
      `${c.running || 0} running · ${c.queued || 0} queued · ${c.pruned || 0} pruned · ${c.failed || 0} failed`)),
    h('td', {}, stageLabel(study)),
    h('td', {}, study.best ? [num(study.best.value), h('div', { class: 'muted small' }, (objective.metric || '') + ', trial ' + study.best.trial)] : DASH),
    h('td', {}, study.status === 'RUNNING' ? duration(study.etaSeconds) : DASH),
    h('td', { class: 'muted small' }, time(study.createdAt)));
}
