// #/jobs: every job, newest first, live. The list is polled every 2 s; a job's latest metrics come
// from its view (fetched again only when its status or epoch count changed); running jobs' in-epoch
// progress and ETA come from their event streams.
import { h, fill, update } from './dom.js';
import { get, query } from './api.js';
import { EventStream } from './stream.js';
import { badge, duration, num, percent, progressBar, shortId, time, DASH, JOB_STATUSES, TERMINAL_JOB } from './format.js';

const PAGE_SIZE = 20;
/** Streams for progress are opened for this many running jobs at most: a browser allows ~6 connections to a host. */
const MAX_STREAMS = 3;
/** A progress event older than this no longer describes the run (it moved on, or stopped). */
const PROGRESS_FRESH_MS = 10_000;

export function jobsPage(root, scope, { params }) {
  const filters = { status: params.get('status') || '', study: params.get('study') || '', page: Number(params.get('page') || 0) };
  const statusSelect = h('select', { id: 'filter-status', onchange: () => navigate({ status: statusSelect.value, page: 0 }) },
    h('option', { value: '' }, 'any status'),
    JOB_STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s)));
  const studySelect = h('select', { id: 'filter-study', onchange: () => navigate({ study: studySelect.value, page: 0 }) },
    h('option', { value: '' }, 'any study'));
  const summary = h('span', { class: 'muted' });
  const tbody = h('tbody');
  const pager = h('div', { class: 'pager' });
  const error = h('p', { class: 'error', hidden: true });
  fill(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Jobs'), h('a', { class: 'button', href: '#/submit' }, 'Submit a job')),
    h('div', { class: 'filters' },
      h('label', {}, 'Status ', statusSelect), h('label', {}, 'Study ', studySelect),
      (filters.status || filters.study) && h('a', { href: '#/jobs' }, 'clear filters'), summary),
    error,
    h('table', { class: 'table', id: 'jobs-table' },
      h('thead', {}, h('tr', {}, ['Job', 'Status', 'Progress', 'ETA', 'Node', 'Latest epoch', 'Created'].map((t) => h('th', {}, t)))),
      tbody),
    pager);

  function navigate(change) {
    const next = { ...filters, ...change };
    location.hash = '#/jobs' + query({ status: next.status, study: next.study, page: next.page || null });
  }

  loadStudies(studySelect, filters.study);

  const details = new Map(); // id → {key, view}: the job's own view, for latestMetrics
  const progress = new Map(); // id → {event, at}
  const streams = new Map(); // id → EventStream
  const ended = new Set(); // ids whose stream said they ended: a list older than that may still say RUNNING
  scope.onDispose(() => streams.forEach((s) => s.close()));
  let page = null;

  scope.repeat(2000, async () => {
    page = await get('/api/v1/jobs' + query({ status: filters.status, study: filters.study, page: filters.page, size: PAGE_SIZE }));
    error.hidden = true;
    await Promise.all(page.items.map(refreshDetail));
    follow(page.items.filter((j) => j.status === 'RUNNING').slice(0, MAX_STREAMS));
    render();
  }, (e) => {
    error.hidden = false;
    error.textContent = 'Could not load the jobs: ' + e.message;
  });

  async function refreshDetail(job) {
    const key = job.status + ':' + job.currentEpoch;
    const known = details.get(job.id);
    if (known && known.key === key) return;
    try {
      details.set(job.id, { key, view: await get('/api/v1/jobs/' + job.id) });
    } catch (e) {
      // Deleted between the list and this read: the next list will not have it.
    }
  }

  /** Keeps one stream open per running job shown (up to MAX_STREAMS), closing the others. */
  function follow(running) {
    const wanted = new Set(running.map((j) => j.id).filter((id) => !ended.has(id)));
    for (const [id, source] of streams) {
      if (!wanted.has(id)) {
        source.close();
        streams.delete(id);
      }
    }
    for (const id of wanted) {
      if (streams.has(id)) continue;
      const source = new EventStream('/api/v1/jobs/' + id + '/stream');
      source.addEventListener('progress', (e) => {
        progress.set(id, { event: JSON.parse(e.data), at: Date.now() });
        render();
      });
      source.addEventListener('epoch', (e) => {
        const row = JSON.parse(e.data);
        const known = details.get(id);
        if (known && known.view && (!known.view.latestMetrics || known.view.latestMetrics.epoch < row.epoch)) {
          known.view = { ...known.view, latestMetrics: row };
          render();
        }
      });
      source.addEventListener('state', (e) => {
        // The stream ends after the terminal state; without close() it would reconnect.
        if (TERMINAL_JOB.includes(JSON.parse(e.data).status)) {
          source.close();
          ended.add(id);
          streams.delete(id);
          progress.delete(id);
        }
      });
      streams.set(id, source);
    }
  }

  function render() {
    if (!page) return;
    summary.textContent = page.totalItems + (page.totalItems === 1 ? ' job' : ' jobs') + ' · refreshed ' + new Date().toLocaleTimeString();
    update(tbody, page.items.length === 0
      ? [h('tr', { dataset: { key: 'none' } }, h('td', { colspan: 7, class: 'muted' }, 'No jobs here yet. ', h('a', { href: '#/submit' }, 'Submit one.')))]
      : page.items.map(row));
    fill(pager,
      filters.page > 0 && h('a', { class: 'button', href: '#', onclick: (e) => { e.preventDefault(); navigate({ page: filters.page - 1 }); } }, '← newer'),
      page.totalPages > 1 && h('span', { class: 'muted' }, `page ${filters.page + 1} of ${page.totalPages}`),
      filters.page + 1 < page.totalPages && h('a', { class: 'button', href: '#', onclick: (e) => { e.preventDefault(); navigate({ page: filters.page + 1 }); } }, 'older →'));
  }

  function row(job) {
    const view = (details.get(job.id) || {}).view || job;
    const live = job.status === 'RUNNING' && progress.get(job.id);
    const fresh = live && Date.now() - live.at < PROGRESS_FRESH_MS ? live.event : null;
    // The stream may be ahead of the last list.
    const epochs = Math.max(job.currentEpoch, view.latestMetrics ? view.latestMetrics.epoch : 0);
    // Inside an epoch the bar moves with the batches, not only when an epoch ends.
    const done = fresh ? (fresh.epoch - 1 + fresh.batch / fresh.batches) / job.totalEpochs : epochs / job.totalEpochs;
    const label = `${epochs}/${job.totalEpochs} epochs`;
    const eta = fresh ? fresh.etaSeconds : job.etaSeconds;
    return h('tr', { dataset: { key: job.id, jobId: job.id, status: job.status } },
      h('td', {}, h('a', { href: '#/jobs/' + job.id }, job.name), h('div', { class: 'muted small' }, shortId(job.id),
        job.trial && [' · trial ', job.trial.number, ' of ', h('a', { href: '#/studies/' + job.trial.study }, 'study ' + shortId(job.trial.study))])),
      h('td', {}, badge(job.status)),
      h('td', { class: 'progress-cell' }, progressBar(done, label)),
      h('td', {}, job.status === 'RUNNING' ? duration(eta) : DASH),
      h('td', {}, job.node || DASH),
      h('td', { class: 'metrics-cell' }, metrics(view.latestMetrics)),
      h('td', { class: 'muted small' }, time(job.createdAt)));
  }
}

function metrics(m) {
  if (!m) return DASH;
  const accuracy = m.validationAccuracy != null ? m.validationAccuracy : m.trainAccuracy;
  return [
    h('span', { title: 'training loss' }, 'loss ', num(m.trainLoss)),
    m.validationLoss != null && h('span', { title: 'validation loss' }, ' · val ', num(m.validationLoss)),
    accuracy != null && h('span', { title: m.validationAccuracy != null ? 'validation accuracy' : 'training accuracy' }, ' · acc ', percent(accuracy)),
    h('span', { class: 'muted' }, ' (epoch ' + m.epoch + ')'),
  ];
}

async function loadStudies(select, current) {
  try {
    const studies = await get('/api/v1/studies?size=100');
    const ids = new Set(studies.items.map((s) => s.id));
    for (const s of studies.items) select.append(h('option', { value: s.id, selected: s.id === current }, s.name + ' (' + shortId(s.id) + ')'));
    if (current && !ids.has(current)) select.append(h('option', { value: current, selected: true }, 'study ' + shortId(current)));
  } catch (e) {
    if (current) select.append(h('option', { value: current, selected: true }, 'study ' + shortId(current)));
  }
}
