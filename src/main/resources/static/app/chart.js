// Line charts over uPlot (served from its WebJar). Each chart element carries data-series (series
// with at least one point) and data-points (points drawn), so that a person's browser and the
// browser tests read the same thing.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { h, append } from './dom.js';
import { num } from './format.js';

export const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

export function color(i) {
  return COLORS[i % COLORS.length];
}

const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** uPlot hands null for the ticks it leaves unlabelled. */
const tick = (v, digits) => (v == null ? '' : num(v, digits));

/** Only finite numbers are drawn: JSON nulls and NaN leave gaps. */
const finite = (v) => v != null && Number.isFinite(v);

export class LineChart {
  /**
   * @param options {title, xLabel, yLabel, height, log (a log y axis), empty (text while nothing is drawn), legend (false: none)}
   */
  constructor(parent, options) {
    this.options = options;
    this.holder = h('div', { class: 'chart-plot' });
    this.empty = h('p', { class: 'chart-empty' }, options.empty || 'No data yet.');
    this.el = append(h('figure', { class: 'chart', dataset: { series: 0, points: 0 } }), [
      options.title && h('figcaption', {}, options.title), this.holder, this.empty]);
    parent.append(this.el);
    this.plot = null;
    this.key = null;
    // Charts follow their column's width (the window, or a grid cell).
    this.resize = new ResizeObserver(() => this.plot && this.plot.setSize(this.size()));
    this.resize.observe(this.el);
  }

  size() {
    return { width: Math.max(280, this.el.clientWidth - 4), height: this.options.height || 220 };
  }

  /**
   * @param x the x values, ascending
   * @param series [{label, color, dash, style: 'line' | 'points' | 'step', values: aligned with x}]
   */
  set(x, series) {
    const values = series.map((s) => s.values.map((v) => (finite(v) && (!this.options.log || v > 0) ? v : null)));
    const data = [x, ...values];
    // uPlot fixes its series when it is built: a new set of series builds a new plot.
    const key = series.map((s) => s.label + '|' + (s.style || 'line') + '|' + (s.color || '')).join(';');
    if (this.plot && key === this.key) {
      this.plot.setData(data);
    } else {
      if (this.plot) this.plot.destroy();
      this.plot = new uPlot(this.config(series, x.length), data, this.holder);
      this.key = key;
    }
    const counts = values.map((v) => v.filter((y) => y != null).length);
    this.el.dataset.series = counts.filter((n) => n > 0).length;
    this.el.dataset.points = counts.reduce((a, b) => a + b, 0);
    this.empty.hidden = counts.some((n) => n > 0);
    this.holder.hidden = !this.empty.hidden;
  }

  config(series, n) {
    const o = this.options;
    return {
      ...this.size(),
      scales: { x: { time: false }, y: o.log ? { distr: 3, log: 10 } : {} },
      // Labels only: numbers under the pointer would make the legend jump; the tables have them.
      legend: { show: o.legend !== false, live: false },
      // Hovering near a line brings it forward: many trials stay readable.
      focus: { alpha: 0.25 },
      cursor: { focus: { prox: 12 } },
      axes: [
        // Every x here counts something (epochs, trials, steps): whole-number ticks only.
        { label: o.xLabel || 'epoch', incrs: WHOLE, values: (u, splits) => splits.map((v) => tick(v, 4)) },
        o.log
          ? { label: o.yLabel, size: 64, splits: logSplits, values: (u, splits) => splits.map((v) => tick(v, 2)) }
          : { label: o.yLabel, size: 64, values: (u, splits) => splits.map((v) => tick(v, 3)) },
      ],
      series: [{ label: o.xLabel || 'epoch' }, ...series.map((s, i) => seriesConfig(s, i, n))],
    };
  }

  dispose() {
    this.resize.disconnect();
    if (this.plot) this.plot.destroy();
  }
}

function seriesConfig(s, i, n) {
  const stroke = s.color || color(i);
  const base = { label: s.label, stroke, width: 2, dash: s.dash, value: (u, v) => num(v, 4) };
  if (s.style === 'points') {
    return { ...base, paths: () => null, points: { show: true, size: 7, fill: stroke, stroke } };
  }
  if (s.style === 'step') {
    return { ...base, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } };
  }
  // Markers on short series show where each epoch is; on long ones they would hide the line.
  return { ...base, points: { show: n <= 40, size: 5 } };
}

/** Whole decades only, at most about eight of them (uPlot's own log ticks crowd a range of many decades). */
function logSplits(u, axis, min, max) {
  if (!(min > 0) || !(max > 0)) return [];
  const lo = Math.ceil(Math.log10(min));
  const hi = Math.floor(Math.log10(max));
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const splits = [];
  for (let k = lo; k <= hi; k += every) splits.push(10 ** k);
  return splits.length ? splits : [min, max];
}
