// A parallel-coordinates plot of a study's sampled parameters against its objective, in SVG: one
// vertical axis per dimension of the declared space (log-scaled for loguniform and log ints, one
// tick per choice), the objective last, and one line per trial coloured from worst (pale) to best
// (dark); the best trial is drawn on top, in orange.
import { s } from './dom.js';
import { num, paramValue, pointerLabel } from './format.js';

const W = 1000;
const H = 340;
const M = { top: 44, right: 70, bottom: 24, left: 70 };

/**
 * @param space the study spec's space: pointer → {type, low, high, log, values}
 * @param trials [{trial, params, objective}] (those with an objective are drawn)
 * @param objective {metric, mode}
 */
export function parallelCoordinates(space, trials, objective) {
  const scored = trials.filter((t) => t.objective != null && Number.isFinite(t.objective));
  const values = scored.map((t) => t.objective);
  const axes = Object.entries(space).map(([pointer, d]) => paramAxis(pointer, d));
  axes.push(objectiveAxis(objective.metric, Math.min(...values), Math.max(...values)));
  const x = (i) => M.left + (axes.length === 1 ? 0 : (i * (W - M.left - M.right)) / (axes.length - 1));
  const anchor = (i) => (axes.length > 1 && i === 0 ? 'start' : axes.length > 1 && i === axes.length - 1 ? 'end' : 'middle');
  const y = (t) => M.top + (1 - Math.max(0, Math.min(1, t))) * (H - M.top - M.bottom);

  const better = objective.mode === 'min' ? (a, b) => a < b : (a, b) => a > b;
  const lo = Math.min(...values);
  const span = Math.max(...values) - lo || 1;
  const quality = (v) => (objective.mode === 'min' ? 1 - (v - lo) / span : (v - lo) / span);
  const best = scored.reduce((b, t) => (b == null || better(t.objective, b.objective) ? t : b), null);
  // Worst first, so that the good lines are not buried under the rest.
  const ordered = [...scored].sort((a, b) => quality(a.objective) - quality(b.objective));

  const lines = ordered.map((t) => {
    const points = axes.map((a, i) => [x(i), y(a.position(i === axes.length - 1 ? t.objective : t.params[a.pointer]))]);
    const isBest = t === best;
    return s('polyline', {
      points: points.map((p) => p.map((c) => c.toFixed(1)).join(',')).join(' '),
      fill: 'none', stroke: isBest ? '#ea580c' : shade(quality(t.objective)), 'stroke-width': isBest ? 3 : 1.5,
      'stroke-opacity': isBest ? 1 : 0.8, class: isBest ? 'best' : null,
    }, s('title', {}, `trial ${t.trial}: ${objective.metric} ${num(t.objective)}\n`
      + Object.entries(t.params).map(([p, v]) => `${pointerLabel(p)} = ${paramValue(v)}`).join('\n')));
  });

  const axisMarks = axes.map((a, i) => s('g', { class: 'axis' },
    s('line', { x1: x(i), x2: x(i), y1: y(0), y2: y(1), stroke: '#334155' }),
    // The outer titles lean inwards so that long pointers stay inside the plot.
    s('text', { x: x(i), y: 16, 'text-anchor': anchor(i), class: 'axis-title' }, a.title),
    s('text', { x: x(i), y: 32, 'text-anchor': anchor(i), class: 'axis-scale' }, a.scale),
    a.ticks.map(([v, label]) => [
      s('line', { x1: x(i) - 4, x2: x(i), y1: y(a.position(v)), y2: y(a.position(v)), stroke: '#334155' }),
      s('text', { x: x(i) - 7, y: y(a.position(v)) + 4, 'text-anchor': 'end', class: 'tick' }, label)])));

  return s('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'parallel', role: 'img', 'aria-label': 'Parallel coordinates of the trials',
    dataset: { lines: lines.length, axes: axes.length },
  }, lines, axisMarks,
  scored.length === 0 && s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'muted' }, 'No trial has an objective yet.'));
}

function paramAxis(pointer, d) {
  const title = pointerLabel(pointer);
  if (d.type === 'choice') {
    const keys = d.values.map((v) => JSON.stringify(v));
    const position = (v) => (keys.length === 1 ? 0.5 : keys.indexOf(JSON.stringify(v)) / (keys.length - 1));
    return { pointer, title, scale: 'choice', position, ticks: d.values.map((v) => [v, short(paramValue(v))]) };
  }
  const log = d.type === 'loguniform' || (d.type === 'int' && d.log);
  const f = log ? Math.log10 : (v) => v;
  const [a, b] = [f(d.low), f(d.high)];
  const position = (v) => (b === a ? 0.5 : (f(v) - a) / (b - a));
  return { pointer, title, scale: log ? 'log scale' : 'linear', position, ticks: ticks(d.low, d.high, log) };
}

function objectiveAxis(metric, low, high) {
  if (!Number.isFinite(low)) return { pointer: null, title: metric, scale: 'objective', position: () => 0.5, ticks: [] };
  const pad = high === low ? Math.abs(low) * 0.05 || 0.5 : 0;
  const [a, b] = [low - pad, high + pad];
  return { pointer: null, title: metric, scale: 'objective', position: (v) => (v - a) / (b - a), ticks: ticks(a, b, false) };
}

/** Decades on a log axis (when there are few), otherwise both ends and the middle. */
function ticks(low, high, log) {
  if (log) {
    const decades = [];
    for (let k = Math.ceil(Math.log10(low) - 1e-9); k <= Math.floor(Math.log10(high) + 1e-9); k++) decades.push(10 ** k);
    if (decades.length >= 2 && decades.length <= 7) return decades.map((v) => [v, num(v, 2)]);
    return [[low, num(low, 3)], [Math.sqrt(low * high), num(Math.sqrt(low * high), 3)], [high, num(high, 3)]];
  }
  return [low, (low + high) / 2, high].map((v) => [v, num(v, 3)]);
}

function short(text) {
  return text.length > 14 ? text.slice(0, 13) + '…' : text;
}

/** Pale slate (worst) to deep blue (best). */
function shade(q) {
  const from = [203, 213, 225];
  const to = [29, 78, 216];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * Math.max(0, Math.min(1, q))));
  return `rgb(${c.join(',')})`;
}
