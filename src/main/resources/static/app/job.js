// #/jobs/{id}: one job, live. Its event stream replays every transition and epoch from the start
// and then follows the run; the page is built from it and closes it after the terminal state.
import { h, fill } from './dom.js';
import { ApiError, get, post, del, download } from './api.js';
import { apiKey } from './auth.js';
import { EventStream } from './stream.js';
import { LineChart } from './chart.js';
import { badge, duration, num, percent, progressBar, shortId, time, DASH, TERMINAL_JOB } from './format.js';

export function jobPage(root, scope, { id }) {
  const head = h('div', { class: 'page-head' });
  const summary = h('dl', { class: 'summary' });
  const live = h('p', { class: 'live muted', id: 'job-live' });
  const message = h('p', { class: 'error', hidden: true });
  const charts = h('div', { class: 'chart-grid' });
  const epochs = h('tbody');
  const timeline = h('ol', { class: 'timeline', id: 'job-events' });
  const spec = h('pre', { class: 'spec', id: 'job-spec' });
  fill(root, head, message, summary, live, charts,
    h('details', { class: 'section' }, h('summary', {}, 'Epochs'),
      h('table', { class: 'table compact' }, h('thead', {}, h('tr', {},
        ['epoch', 'train loss', 'train acc', 'val loss', 'val acc', 'lr', 'time', 'samples/s'].map((t) => h('th', {}, t)))), epochs)),
    h('div', { class: 'two-columns' },
      h('section', {}, h('h2', {}, 'Events'), timeline),
      h('section', {}, h('h2', {}, 'Spec'), h('p', { class: 'muted small' }, 'As stored: every default filled in.'), spec)));

  const loss = new LineChart(charts, { title: 'Loss', yLabel: 'loss', empty: 'No finished epoch yet.' });
  const accuracy = new LineChart(charts, { title: 'Accuracy', yLabel: 'accuracy', empty: 'No accuracy (yet, or a regression).' });
  const rate = new LineChart(charts, { title: 'Learning rate', yLabel: 'learning rate', empty: 'No finished epoch yet.' });
  loss.el.id = 'chart-loss';
  accuracy.el.id = 'chart-accuracy';
  rate.el.id = 'chart-lr';
  scope.onDispose(() => [loss, accuracy, rate].forEach((c) => c.dispose()));

  let job = null;
  const rows = new Map(); // epoch → metrics row
  const events = [];
  let progress = null;

  async function refresh() {
    try {
      job = await get('/api/v1/jobs/' + id);
      renderHead();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        fill(root, h('h1', {}, 'No such job'), h('p', {}, 'Job ', h('code', {}, id), ' does not exist (or was deleted). ', h('a', { href: '#/jobs' }, 'All jobs.')));
        scope.dispose();
      } else {
        showMessage('Could not load the job: ' + e.message);
      }
    }
  }

  function showMessage(text) {
    message.hidden = !text;
    message.textContent = text || '';
  }

  let headKey = null;

  function renderHead() {
    const running = job.status === 'QUEUED' || job.status === 'RUNNING';
    // The title and buttons are rebuilt only when they change: a button replaced under the
    // pointer between press and release would swallow the click.
    const key = job.status + ':' + (job.currentEpoch > 0);
    if (key !== headKey) {
      headKey = key;
      fill(head,
        h('div', {}, h('h1', {}, job.name, ' ', badge(job.status)), h('div', { class: 'muted small' }, 'job ', job.id)),
        h('div', { class: 'actions' },
          job.currentEpoch > 0 && h('a', { class: 'button', id: 'download-model', href: '/api/v1/jobs/' + id + '/model', download: '', onclick: downloadWithKey }, 'Download model'),
          h('button', { id: 'cancel-job', disabled: !running, onclick: cancel }, 'Cancel'),
          h('button', { id: 'delete-job', class: 'danger', disabled: running, onclick: remove, title: running ? 'Cancel it first' : '' }, 'Delete')));
    }
    const fresh = job.status === 'RUNNING' && progress;
    const done = fresh ? (progress.epoch - 1 + progress.batch / progress.batches) / job.totalEpochs : job.progress;
    fill(summary,
      item('Progress', progressBar(done, `${job.currentEpoch}/${job.totalEpochs} epochs`)),
      item('ETA', job.status === 'RUNNING' ? duration(fresh ? progress.etaSeconds : job.etaSeconds) : DASH),
      item('Node', job.node || DASH),
      item('Created', time(job.createdAt)), item('Started', time(job.startedAt)), item('Finished', time(job.finishedAt)),
      item('Mode', job.gradientDescentMode || DASH),
      job.trial && item('Study', h('a', { href: '#/studies/' + job.trial.study }, 'trial ' + job.trial.number + ' of ' + shortId(job.trial.study))),
      job.resumedFromEpoch != null && item('Resumed', 'from epoch ' + job.resumedFromEpoch),
      job.error && item('Error', h('span', { class: 'error' }, job.error.type + ': ' + job.error.message)),
      job.stopReason && item('Pruned', job.stopReason),
      job.earlyStopping && item('Early stop', job.earlyStopping.reason),
      job.weightsFromEpoch != null && job.weightsFromEpoch !== job.currentEpoch && item('Model', 'the weights of epoch ' + job.weightsFromEpoch + ' (the best)'));
    spec.textContent = JSON.stringify(job.spec, null, 2);
  }

  async function cancel() {
    if (!confirm('Cancel job "' + job.name + '"? A running job stops at its next batch; its finished epochs stay.')) return;
    try {
      job = await post('/api/v1/jobs/' + id + '/cancel');
      renderHead();
    } catch (e) {
      showMessage('Cancel failed: ' + e.message);
    }
  }

  async function remove() {
    if (!confirm('Delete job "' + job.name + '", its metrics and checkpoints?')) return;
    try {
      await del('/api/v1/jobs/' + id);
      location.hash = '#/jobs';
    } catch (e) {
      showMessage('Delete failed: ' + e.message);
    }
  }

  function addEpoch(row) {
    rows.set(row.epoch, row);
  }

  function renderEpochs() {
    const list = [...rows.values()].sort((a, b) => a.epoch - b.epoch);
    const x = list.map((r) => r.epoch);
    const col = (f) => list.map((r) => r[f]);
    loss.set(x, [{ label: 'train', values: col('trainLoss') }, { label: 'validation', values: col('validationLoss'), dash: [6, 4] }]);
    accuracy.set(x, [{ label: 'train', values: col('trainAccuracy') }, { label: 'validation', values: col('validationAccuracy'), dash: [6, 4] }]);
    rate.set(x, [{ label: 'learning rate', values: col('learningRate'), color: '#16a34a' }]);
    fill(epochs, list.map((r) => h('tr', {},
      h('td', {}, r.epoch), h('td', {}, num(r.trainLoss)), h('td', {}, percent(r.trainAccuracy)), h('td', {}, num(r.validationLoss)),
      h('td', {}, percent(r.validationAccuracy)), h('td', {}, num(r.learningRate)), h('td', {}, duration(r.durationMs / 1000)),
      h('td', {}, num(r.samplesPerSecond, 3)))));
  }

  function renderEvents() {
    fill(timeline, events.map((e) => h('li', { dataset: { status: e.status } },
      h('span', { class: 'timeline-time' }, time(e.at)), ' ', badge(e.status),
      e.node && h('span', { class: 'muted' }, ' on ', e.node), e.reason && h('div', { class: 'small' }, e.reason))));
  }

  function renderLive() {
    if (progress && job && job.status === 'RUNNING') {
      live.textContent = `Epoch ${progress.epoch}: batch ${progress.batch} of ${progress.batches}, running loss ${num(progress.runningLoss)}, `
        + `${num(progress.samplesPerSecond, 3)} samples/s, about ${duration(progress.etaSeconds)} left`;
    } else {
      live.textContent = '';
    }
  }

  refresh().then(() => scope.alive && follow());

  function follow() {
    const source = scope.eventSource('/api/v1/jobs/' + id + '/stream');
    let received = false;
    source.addEventListener('epoch', (e) => {
      received = true;
      addEpoch(JSON.parse(e.data));
      renderEpochs();
    });
    source.addEventListener('progress', (e) => {
      received = true;
      progress = JSON.parse(e.data);
      renderLive();
      if (job) renderHead();
    });
    source.addEventListener('state', (e) => {
      received = true;
      const event = JSON.parse(e.data);
      events.push(event);
      renderEvents();
      progress = null;
      renderLive();
      refresh();
      // The stream ends after the terminal state; the stream would otherwise reconnect forever.
      if (TERMINAL_JOB.includes(event.status)) source.close();
    });
    source.addEventListener('error', () => {
      // A reconnect (readyState CONNECTING) resumes by itself with Last-Event-ID. A refusal before
      // any event (CLOSED: a server without streams, a proxy that drops them) falls back to polling.
      if (!received && source.readyState === EventStream.CLOSED) poll();
    });
  }

  /** A link cannot carry the API key: with one, the model is fetched and saved from here. */
  function downloadWithKey(e) {
    if (!apiKey()) return;
    e.preventDefault();
    download('/api/v1/jobs/' + id + '/model', 'job-' + id + '.zip').catch((err) => showMessage('Download failed: ' + err.message));
  }

  function poll() {
    const stop = scope.repeat(2000, async () => {
      const [metrics, history] = await Promise.all([get('/api/v1/jobs/' + id + '/metrics'), get('/api/v1/jobs/' + id + '/events')]);
      metrics.forEach(addEpoch);
      renderEpochs();
      events.splice(0, events.length, ...history);
      renderEvents();
      await refresh();
      if (job && TERMINAL_JOB.includes(job.status)) stop();
    });
  }
}

function item(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}
