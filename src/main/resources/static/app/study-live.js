// A study's live data: its view and its trials, each with the objective per epoch (`values`).
// Built from the study's event stream (a `snapshot` on every (re)connection, then deltas), or,
// where the stream is refused before its first event (an older server), by polling every 2 s.
import { get } from './api.js';
import { metricField, TERMINAL_STUDY } from './format.js';

const POLL_MS = 2000;
/** Deltas do not carry the counts' ETA or the warnings: the view is read again at most this often. */
const VIEW_REFRESH_MS = 5000;

export function followStudy(scope, id, onChange, onError) {
  const data = { study: null, trials: new Map(), mode: 'stream' };
  const source = scope.eventSource('/api/v1/studies/' + id + '/stream');
  let received = false;
  let refreshTimer = null;
  scope.onDispose(() => clearTimeout(refreshTimer));

  const on = (name, apply) => source.addEventListener(name, (e) => {
    received = true;
    apply(JSON.parse(e.data));
    onChange(data);
  });
  on('snapshot', (d) => {
    // Every (re)connection starts over from a snapshot, so nothing is applied twice.
    data.study = d.study;
    data.trials = new Map(d.trials.map((t) => [t.trial, t]));
    // A study that had already ended sends no state event: its stream ends after the snapshot.
    if (TERMINAL_STUDY.includes(d.study.status)) source.close();
  });
  on('trial', (t) => {
    data.trials.set(t.trial, t);
    data.study.counts = countByStatus(data.trials);
    refreshSoon();
  });
  on('best', (best) => {
    data.study.best = best;
    refreshSoon();
  });
  on('stage', (d) => {
    data.study.stage = d.stage;
    data.study.stages = d.stages;
  });
  on('state', (d) => {
    data.study.status = d.status;
    data.study.error = d.error;
    if (TERMINAL_STUDY.includes(d.status)) {
      // The stream ends after a terminal status; the stream would otherwise reconnect forever.
      source.close();
      refreshSoon(0);
    }
  });
  source.addEventListener('error', () => {
    if (!received) {
      source.close();
      data.mode = 'polling';
      poll();
    }
  });

  function refreshSoon(delay = VIEW_REFRESH_MS) {
    if (refreshTimer && delay > 0) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      try {
        const study = await get('/api/v1/studies/' + id);
        // Only the view's own fields: the trials and their series stay those the stream built.
        data.study = study;
        onChange(data);
      } catch (e) {
        onError(e);
      }
    }, delay);
  }

  function poll() {
    const stop = scope.repeat(POLL_MS, async () => {
      const [study, list] = await Promise.all([get('/api/v1/studies/' + id), get('/api/v1/studies/' + id + '/trials?sort=objective')]);
      const field = metricField(study.spec.objective.metric);
      const trials = new Map();
      await Promise.all(list.trials.map(async (t) => {
        const known = data.trials.get(t.trial);
        // The per-epoch series is read again only for trials that trained since the last poll.
        t.values = known && known.epochs === t.epochs && known.values ? known.values : await values(t, field);
        trials.set(t.trial, t);
      }));
      data.study = study;
      data.trials = trials;
      onChange(data);
      if (TERMINAL_STUDY.includes(study.status)) stop();
    }, onError);
  }

  return data;
}

async function values(trial, field) {
  if (trial.epochs === 0) return [];
  const rows = await get('/api/v1/jobs/' + trial.job + '/metrics');
  const series = new Array(rows.length ? Math.max(...rows.map((r) => r.epoch)) : 0).fill(null);
  for (const r of rows) series[r.epoch - 1] = r[field] == null ? null : r[field];
  return series;
}

function countByStatus(trials) {
  const counts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, pruned: 0 };
  for (const t of trials.values()) counts[t.status.toLowerCase()] = (counts[t.status.toLowerCase()] || 0) + 1;
  return counts;
}
