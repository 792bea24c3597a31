// How numbers, times and states read on every page.
import { h } from './dom.js';

export const DASH = '—';

/** A metric with `digits` significant digits (0.8731, 1.2e-05), or a dash when absent. */
export function num(x, digits = 4) {
  if (x == null || Number.isNaN(x)) return DASH;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(Math.max(0, digits - 2)).replace('e+', 'e');
}

export function percent(x) {
  return x == null ? DASH : (100 * x).toFixed(1) + ' %';
}

/** 75 → "1 min 15 s"; rounds to what a person needs. */
export function duration(seconds) {
  if (seconds == null) return DASH;
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

export function time(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

export function shortId(id) {
  return id ? id.slice(0, 8) : DASH;
}

/** A coloured badge; the class carries the colour (style.css). */
export function badge(status) {
  return h('span', { class: 'badge badge-' + String(status).toLowerCase() }, status);
}

export function progressBar(fraction, label) {
  const pct = Math.max(0, Math.min(1, fraction || 0)) * 100;
  return h('div', { class: 'progress', title: label || pct.toFixed(0) + ' %' },
    h('div', { class: 'progress-fill', style: `width: ${pct.toFixed(1)}%` }),
    h('span', { class: 'progress-label' }, label || pct.toFixed(0) + ' %'));
}

export const TERMINAL_JOB = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'];
export const JOB_STATUSES = ['QUEUED', 'RUNNING', ...TERMINAL_JOB];
export const TERMINAL_STUDY = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** validation_accuracy → validationAccuracy: a study's objective metric as an epoch row's field. */
export function metricField(metric) {
  return metric.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

/** "/optimizer/lr" stays readable; JSON pointer escapes (~1, ~0) are undone for display. */
export function pointerLabel(pointer) {
  return pointer.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function paramValue(v) {
  return typeof v === 'number' ? num(v) : JSON.stringify(v);
}

/** The stage index of a study's repeat trials (its view lists them as a last stage), or Infinity without repeats. */
export function repeatStage(study) {
  return study.spec.repeat && study.spec.repeat.seeds > 0 ? study.stages.length - 1 : Infinity;
}

/** "2 of 3", or "repeats" once the searched stages are done and the best is being retrained. */
export function stageLabel(study, index = study.stage) {
  if (index >= repeatStage(study)) return 'repeats';
  const searched = Math.min(study.stages.length, repeatStage(study));
  return searched ? `${Math.min(index + 1, searched)} of ${searched}` : DASH;
}
