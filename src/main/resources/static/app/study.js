// #/studies/{id}: a study, live (study-live.js): its summary, stages and warnings, the best so
// far, one objective line per trial, the parallel coordinates and the trials, best first.
import { h, fill, update } from './dom.js';
import { ApiError, del, post } from './api.js';
import { LineChart, color } from './chart.js';
import { followStudy } from './study-live.js';
import { parallelCoordinates } from './parallel.js';
import { badge, duration, num, paramValue, pointerLabel, repeatStage, shortId, stageLabel, time, DASH } from './format.js';

export function studyPage(root, scope, { id }) {
  const head = h('div', { class: 'page-head' });
  const message = h('p', { class: 'error', hidden: true });
  const summary = h('dl', { class: 'summary' });
  const warnings = h('div', { id: 'study-warnings' });
  const stages = h('div', { id: 'study-stages' });
  const charts = h('div', { class: 'chart-grid two' });
  const parallel = h('div', { class: 'parallel-holder', id: 'study-parallel' });
  const trials = h('div', { id: 'study-trials' });
  const mode = h('span', { class: 'muted small', id: 'study-mode' });
  fill(root, head, message, summary, warnings,
    h('section', {}, h('h2', {}, 'Stages'), stages),
    h('section', {}, h('h2', {}, 'Progress ', mode), charts),
    h('section', {}, h('h2', {}, 'Parameters against the objective'), parallel),
    h('section', {}, h('h2', {}, 'Trials, best first'), trials));
  const bestChart = new LineChart(charts, { title: 'Best so far', xLabel: 'trial', yLabel: 'objective', empty: 'No trial has finished an epoch yet.' });
  const trialChart = new LineChart(charts, { title: 'Objective per epoch, one line per trial', yLabel: 'objective', empty: 'No trial has finished an epoch yet.' });
  trialChart.el.id = 'chart-trials';
  bestChart.el.id = 'chart-best';
  scope.onDispose(() => [bestChart, trialChart].forEach((c) => c.dispose()));

  let frame = null;
  let headKey = null;
  const data = followStudy(scope, id, () => {
    // Deltas can come in bursts: draw once per frame.
    if (frame == null) frame = requestAnimationFrame(() => { frame = null; render(); });
  }, (e) => {
    if (e instanceof ApiError && e.status === 404) {
      fill(root, h('h1', {}, 'No such study'), h('p', {}, 'Study ', h('code', {}, id), ' does not exist (or was deleted). ', h('a', { href: '#/studies' }, 'All studies.')));
      scope.dispose();
    } else {
      message.hidden = false;
      message.textContent = 'Could not load the study: ' + e.message;
    }
  });
  scope.onDispose(() => frame != null && cancelAnimationFrame(frame));

  function render() {
    const study = data.study;
    if (!study) return;
    message.hidden = true;
    const objective = study.spec.objective;
    const all = [...data.trials.values()];
    const repeat = repeatStage(study);
    const searched = all.filter((t) => t.stage < repeat);
    mode.textContent = data.mode === 'stream' ? '· live' : '· refreshed every 2 s';
    if (headKey !== study.status) {
      headKey = study.status;
      renderHead(study);
    }
    renderSummary(study, objective);
    fill(warnings, study.warnings.length > 0 && h('div', { class: 'warnings' }, h('strong', {}, 'Boundary warnings'),
      h('ul', {}, study.warnings.map((w) => h('li', {}, h('code', {}, pointerLabel(w.pointer)), ' ', w.message)))));
    fill(stages, stagesTable(study));
    renderBest(searched, all.filter((t) => t.stage >= repeat), objective);
    renderTrialLines(all);
    fill(parallel, parallelCoordinates(study.spec.space, searched, objective));
    renderTrials(all, study, objective);
  }

  function renderHead(study) {
    const running = study.status === 'RUNNING';
    fill(head,
      h('div', {}, h('h1', {}, study.name, ' ', badge(study.status)), h('div', { class: 'muted small' }, 'study ', study.id)),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: '#/jobs?study=' + id }, 'Its trials as jobs'),
        h('button', { id: 'cancel-study', disabled: !running, onclick: cancel }, 'Cancel'),
        h('button', { id: 'delete-study', class: 'danger', disabled: running, onclick: remove }, 'Delete')));
  }

  async function cancel() {
    if (!confirm('Cancel this study? Queued trials are cancelled, running ones stopped.')) return;
    try {
      await post('/api/v1/studies/' + id + '/cancel');
    } catch (e) {
      message.hidden = false;
      message.textContent = 'Cancel failed: ' + e.message;
    }
  }

  async function remove() {
    if (!confirm('Delete this study and all its trials?')) return;
    try {
      await del('/api/v1/studies/' + id);
      location.hash = '#/studies';
    } catch (e) {
      message.hidden = false;
      message.textContent = 'Delete failed: ' + e.message;
    }
  }

  function renderSummary(study, objective) {
    const c = study.counts || {};
    const done = (c.succeeded || 0) + (c.pruned || 0) + (c.failed || 0) + (c.cancelled || 0);
    const best = study.best;
    fill(summary,
      item('Objective', `${objective.mode} ${objective.metric} (${objective.epoch} epoch)`),
      item('Trials', `${done} of ${study.trials} done · ${c.running || 0} running · ${c.queued || 0} queued · ${c.pruned || 0} pruned · ${c.failed || 0} failed`),
      item('Stage', stageLabel(study)),
      item('Epochs trained', study.trialEpochs),
      item('ETA', study.status === 'RUNNING' ? duration(study.etaSeconds) : DASH),
      item('Created', time(study.createdAt)), item('Finished', time(study.finishedAt)),
      study.error && item('Error', h('span', { class: 'error' }, study.error)),
      item('Best', best ? [h('strong', {}, num(best.value)), ' — ', h('a', { href: '#/jobs/' + best.job }, 'trial ' + best.trial),
        h('div', { class: 'small' }, Object.entries(best.params).map(([p, v]) => h('span', { class: 'param' }, pointerLabel(p), ' = ', paramValue(v))))] : DASH),
      study.repeat && item('Repeats', `${num(study.repeat.mean)} ± ${num(study.repeat.std)} over seeds ${study.repeat.seeds.join(', ')}`));
  }

  function renderBest(searched, repeats, objective) {
    const scored = searched.filter((t) => t.objective != null).sort((a, b) => a.trial - b.trial);
    const better = objective.mode === 'min' ? Math.min : Math.max;
    const x = [...new Set([...scored, ...repeats.filter((t) => t.objective != null)].map((t) => t.trial))].sort((a, b) => a - b);
    const byTrial = new Map([...scored, ...repeats].map((t) => [t.trial, t]));
    const isRepeat = new Set(repeats.map((t) => t.trial));
    let best = null;
    const bestSoFar = x.map((n) => {
      const t = byTrial.get(n);
      if (t && !isRepeat.has(n) && t.objective != null) best = best == null ? t.objective : better(best, t.objective);
      return best;
    });
    const searchedValue = (n) => (isRepeat.has(n) ? null : byTrial.get(n).objective);
    const repeatValue = (n) => (isRepeat.has(n) ? byTrial.get(n).objective : null);
    bestChart.set(x, [
      { label: 'its objective', style: 'points', values: x.map(searchedValue), color: '#94a3b8' },
      { label: 'best so far', style: 'step', values: bestSoFar, color: '#2563eb' },
      repeats.length > 0 && { label: 'repeat (other seeds)', style: 'points', values: x.map(repeatValue), color: '#ea580c' },
    ].filter(Boolean));
  }

  function renderTrialLines(all) {
    const withValues = all.filter((t) => t.values && t.values.some((v) => v != null)).sort((a, b) => a.trial - b.trial);
    const epochs = Math.max(0, ...withValues.map((t) => t.values.length));
    const x = Array.from({ length: epochs }, (_, i) => i + 1);
    trialChart.options.legend = withValues.length <= 12;
    trialChart.set(x, withValues.map((t, i) => ({
      label: 'trial ' + t.trial, color: color(i), values: x.map((e) => (t.values[e - 1] == null ? null : t.values[e - 1])),
    })));
  }

  /** The table is built once; its rows are updated in place (their links stay clickable while trials train). */
  function renderTrials(all, study, objective) {
    if (!trials.querySelector('table')) {
      const pointers = Object.keys(study.spec.space);
      fill(trials, h('table', { class: 'table compact', id: 'trials-table' },
        h('thead', {}, h('tr', {}, ['#', 'trial', 'stage', 'status', objective.metric, 'epochs', ...pointers.map(pointerLabel), 'note']
          .map((t) => h('th', {}, t)))), h('tbody')));
    }
    update(trials.querySelector('tbody'), trialRows(all, study, objective));
  }
}

function stagesTable(study) {
  if (!study.stages.length) return h('p', { class: 'muted' }, 'One stage: ', study.trials, ' trials.');
  return h('table', { class: 'table compact' },
    h('thead', {}, h('tr', {}, ['stage', 'trials', 'epochs', 'keep top', 'status', 'ranges'].map((t) => h('th', {}, t)))),
    h('tbody', {}, study.stages.map((st) => h('tr', { class: st.index === study.stage ? 'current' : null },
      h('td', {}, st.index < repeatStage(study) ? st.index + 1 : 'repeat'), h('td', {}, st.trials), h('td', {}, st.epochs), h('td', {}, st.keepTop == null ? DASH : st.keepTop),
      h('td', {}, st.status),
      h('td', {}, st.ranges ? Object.entries(st.ranges).map(([p, r]) => h('div', { class: 'small' }, h('code', {}, pointerLabel(p)), ' ', range(r)))
        : h('span', { class: 'muted' }, 'set when the stage starts'))))));
}

function range(r) {
  if (r.type === 'choice') return '{' + r.values.map(paramValue).join(', ') + '}';
  const scale = r.type === 'loguniform' || r.log ? ', log' : '';
  return `[${num(r.low)}, ${num(r.high)}] ${r.type}${scale}`;
}

function trialRows(all, study, objective) {
  const pointers = Object.keys(study.spec.space);
  const sign = objective.mode === 'min' ? 1 : -1;
  // Best first; trials without an objective yet come last, by number.
  const sorted = [...all].sort((a, b) => (a.objective == null) - (b.objective == null)
    || (a.objective != null && sign * (a.objective - b.objective)) || a.trial - b.trial);
  return sorted.map((t, i) => h('tr', { dataset: { key: t.trial, trial: t.trial, status: t.status } },
    h('td', {}, t.objective == null ? DASH : i + 1),
    h('td', {}, h('a', { href: '#/jobs/' + t.job, title: 'job ' + shortId(t.job) }, 'trial ' + t.trial)),
    h('td', {}, t.stage < repeatStage(study) ? t.stage + 1 : 'repeat'),
    h('td', {}, badge(t.status)),
    h('td', {}, h('strong', {}, num(t.objective))),
    h('td', {}, t.epochs),
    pointers.map((p) => h('td', {}, t.params[p] === undefined ? DASH : paramValue(t.params[p]))),
    h('td', { class: 'small' }, t.stopReason || t.error || '')));
}

function item(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}
