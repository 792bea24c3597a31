// #/playground: several optimizers at once on a 2-D test function, over its contours. Each
// optimizer is one POST /api/v1/optimizer-trajectories (the very update code jobs train with);
// the first also asks for the function's grid of values.
import { h, fill } from './dom.js';
import { ApiError, post } from './api.js';
import { LineChart, color } from './chart.js';
import { frame, drawAxes, drawGrid, drawMarker, drawPath } from './contour.js';
import { num } from './format.js';

const GRID_SIZE = 90;
const CANVAS = { width: 680, height: 540 };

/** The classic pictures: where to start, what to look at, and optimizers that show the differences. */
const PRESETS = {
  quadratic: {
    label: 'Elongated bowl 0.1·x² + 2·y²', params: { coefficients: [0.1, 2.0] }, start: [-5, -2], steps: 30,
    x: [-6, 6], y: [-3, 3], minimum: () => [0, 0],
    optimizers: [
      { type: 'sgd', lr: 0.4, extra: {} }, { type: 'sgd', lr: 0.05, extra: { momentum: 0.9 } },
      { type: 'rmsprop', lr: 0.4, extra: { alpha: 0.9, eps: 1e-6 } }, { type: 'adam', lr: 0.5, extra: {} },
      { type: 'adagrad', lr: 1.0, extra: {} }],
  },
  rosenbrock: {
    label: "Rosenbrock's valley (a − x)² + b·(y − x²)²", params: { a: 1, b: 100 }, start: [-1.5, 2], steps: 500,
    x: [-2, 2], y: [-1, 3], minimum: (p) => [p.a ?? 1, (p.a ?? 1) ** 2],
    optimizers: [
      { type: 'sgd', lr: 0.001, extra: {} }, { type: 'sgd', lr: 0.0005, extra: { momentum: 0.9 } },
      { type: 'adam', lr: 0.05, extra: {} }, { type: 'rmsprop', lr: 0.01, extra: {} }],
  },
  beale: {
    label: "Beale's plateau", params: {}, start: [1, 1.5], steps: 300, x: [-1, 4.5], y: [-1.5, 2], minimum: () => [3, 0.5],
    optimizers: [
      { type: 'sgd', lr: 0.001, extra: {} }, { type: 'sgd', lr: 0.001, extra: { momentum: 0.9 } },
      { type: 'adam', lr: 0.1, extra: {} }, { type: 'rmsprop', lr: 0.01, extra: {} }],
  },
};
const TYPES = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adadelta'];

export function playgroundPage(root, scope) {
  const fnSelect = h('select', { id: 'pg-function', onchange: () => { preset(fnSelect.value); run(); } },
    Object.entries(PRESETS).map(([k, p]) => h('option', { value: k }, p.label)));
  const params = h('input', { id: 'pg-params', class: 'mono', size: 28 });
  const start = [h('input', { id: 'pg-start-x', type: 'number', step: 'any' }), h('input', { id: 'pg-start-y', type: 'number', step: 'any' })];
  const steps = h('input', { id: 'pg-steps', type: 'number', min: 1, max: 10000 });
  const view = [0, 1, 2, 3].map(() => h('input', { type: 'number', step: 'any', class: 'short' }));
  const rows = h('tbody', { id: 'pg-optimizers' });
  const canvas = h('canvas', { id: 'pg-canvas', title: 'Click to start from there' });
  const legend = h('ul', { class: 'legend', id: 'pg-legend' });
  const message = h('p', { class: 'error', hidden: true });
  const charts = h('div');
  fill(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Optimizer playground')),
    h('p', { class: 'muted' }, 'Each path is computed by the service with the same optimizer code that trains jobs, in float32. Click the plot to start there.'),
    h('div', { class: 'playground' },
      h('form', { class: 'controls', onsubmit: (e) => { e.preventDefault(); run(); } },
        h('label', {}, 'Function', fnSelect),
        h('label', {}, 'Its parameters (JSON)', params),
        h('div', { class: 'row' }, h('label', {}, 'Start x', start[0]), h('label', {}, 'Start y', start[1]), h('label', {}, 'Steps', steps)),
        h('div', { class: 'row' }, h('label', {}, 'View x from', view[0]), h('label', {}, 'to', view[1]),
          h('label', {}, 'y from', view[2]), h('label', {}, 'to', view[3])),
        h('table', { class: 'table compact optimizers' },
          h('thead', {}, h('tr', {}, ['', 'optimizer', 'lr', 'other parameters', ''].map((t) => h('th', {}, t)))), rows),
        h('div', { class: 'row' },
          h('button', { type: 'button', onclick: () => { addRow({ type: 'adam', lr: 0.01, extra: {} }); } }, 'Add an optimizer'),
          h('button', { type: 'submit', class: 'primary', id: 'pg-run' }, 'Run')),
        message),
      h('div', { class: 'plot' }, canvas, legend)),
    charts);
  const valuesChart = new LineChart(charts, { title: 'Function value per step', xLabel: 'step', yLabel: 'f', log: true, height: 240 });
  scope.onDispose(() => valuesChart.dispose());

  const ratio = window.devicePixelRatio || 1;
  canvas.width = CANVAS.width * ratio;
  canvas.height = CANVAS.height * ratio;
  // Its height follows from the width (style.css), so a narrow window shrinks it whole.
  canvas.style.width = CANVAS.width + 'px';
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  let lastFrame = null;
  canvas.addEventListener('click', (e) => {
    if (!lastFrame) return;
    // The canvas may be drawn smaller than its size on a narrow window.
    const box = canvas.getBoundingClientRect();
    const scale = CANVAS.width / box.width;
    const [x, y] = lastFrame.fromPx((e.clientX - box.left) * scale, (e.clientY - box.top) * scale);
    start[0].value = Number(x.toPrecision(3));
    start[1].value = Number(y.toPrecision(3));
    run();
  });

  function preset(name) {
    const p = PRESETS[name];
    params.value = JSON.stringify(p.params);
    start[0].value = p.start[0];
    start[1].value = p.start[1];
    steps.value = p.steps;
    [p.x[0], p.x[1], p.y[0], p.y[1]].forEach((v, i) => { view[i].value = v; });
    fill(rows);
    p.optimizers.forEach(addRow);
  }

  function addRow(o) {
    const i = rows.children.length;
    const row = h('tr', { dataset: { index: i } },
      h('td', { class: 'nowrap' }, h('span', { class: 'swatch', style: `background: ${color(i)}` }), h('input', { type: 'checkbox', checked: true, 'aria-label': 'draw it' })),
      h('td', {}, h('select', {}, TYPES.map((t) => h('option', { value: t, selected: t === o.type }, t)))),
      h('td', {}, h('input', { type: 'number', step: 'any', min: 0, value: o.lr, class: 'short' })),
      h('td', {}, h('input', { class: 'mono', value: JSON.stringify(o.extra) }), h('div', { class: 'error small row-error' })),
      h('td', {}, h('button', { type: 'button', class: 'link', title: 'Remove', onclick: () => row.remove() }, '×')));
    rows.append(row);
  }

  function readRow(row, i) {
    const [enabled, type, lr, extra] = row.querySelectorAll('input[type=checkbox], select, input[type=number], input.mono');
    const rowError = row.querySelector('.row-error');
    rowError.textContent = '';
    if (!enabled.checked) return null;
    let more = {};
    try {
      more = extra.value.trim() ? JSON.parse(extra.value) : {};
    } catch (e) {
      rowError.textContent = 'Not valid JSON';
      return null;
    }
    return { index: i, color: color(i), rowError, optimizer: { type: type.value, lr: Number(lr.value), ...more } };
  }

  async function run() {
    message.hidden = true;
    let fnParams;
    try {
      fnParams = params.value.trim() ? JSON.parse(params.value) : {};
    } catch (e) {
      return showMessage('The function\'s parameters are not valid JSON.');
    }
    const fn = { type: fnSelect.value, ...fnParams };
    const xRange = [Number(view[0].value), Number(view[1].value)];
    const yRange = [Number(view[2].value), Number(view[3].value)];
    const chosen = [...rows.children].map(readRow).filter(Boolean);
    const base = { function: fn, start: [Number(start[0].value), Number(start[1].value)] };
    // The contours come from a request of their own (one step of a tiny SGD), so that an
    // optimizer the service refuses does not take them away; it is marked on its row instead.
    const contours = post('/api/v1/optimizer-trajectories',
      { ...base, steps: 1, optimizer: { type: 'sgd', lr: 1e-6 }, grid: { x: xRange, y: yRange, size: GRID_SIZE } });
    const paths = Promise.all(chosen.map((o) => post('/api/v1/optimizer-trajectories', { ...base, steps: Number(steps.value), optimizer: o.optimizer })
      .then((r) => ({ o, r }), (e) => ({ o, e }))));
    let grid;
    try {
      grid = (await contours).grid;
    } catch (e) {
      return showMessage(describe(e));
    }
    const answers = await paths;
    if (scope.alive) draw(grid, answers, fnParams, xRange, yRange);
  }

  function draw(grid, answers, fnParams, xRange, yRange) {
    const f = frame(CANVAS.width, CANVAS.height, xRange, yRange);
    lastFrame = f;
    ctx.clearRect(0, 0, CANVAS.width, CANVAS.height);
    const contours = drawGrid(ctx, f, grid);
    drawAxes(ctx, f);
    ctx.save();
    ctx.beginPath();
    ctx.rect(f.pad, f.pad, f.width - 2 * f.pad, f.height - 2 * f.pad);
    ctx.clip();
    drawMarker(ctx, f, PRESETS[fnSelect.value].minimum(fnParams), 'minimum', 'minimum');
    let drawn = 0;
    for (const { o, r, e } of answers) {
      if (e) {
        o.rowError.textContent = describe(e);
        continue;
      }
      drawPath(ctx, f, r.points, o.color);
      drawn++;
    }
    drawMarker(ctx, f, [Number(start[0].value), Number(start[1].value)], 'start', 'start');
    ctx.restore();
    canvas.dataset.trajectories = drawn;
    canvas.dataset.contours = contours;
    fill(legend, answers.map(({ o, r, e }) => h('li', {}, h('span', { class: 'swatch', style: `background: ${o.color}` }),
      h('code', {}, JSON.stringify(o.optimizer)), ' ',
      e ? h('span', { class: 'error' }, 'refused') : [
        'f = ', h('strong', {}, num(r.values[r.values.length - 1])), ` after ${r.points.length - 1} steps`,
        r.divergedAtStep != null && h('span', { class: 'error' }, ` · diverged at step ${r.divergedAtStep}`)])));
    const longest = Math.max(0, ...answers.filter((a) => a.r).map((a) => a.r.values.length));
    const x = Array.from({ length: longest }, (_, k) => k);
    valuesChart.set(x, answers.filter((a) => a.r).map(({ o, r }) => ({
      label: o.optimizer.type + ' ' + o.optimizer.lr, color: o.color, values: x.map((k) => (k < r.values.length ? r.values[k] : null)),
    })));
  }

  function showMessage(text) {
    message.hidden = false;
    message.textContent = text;
  }

  preset('quadratic');
  run();
}

function describe(e) {
  if (e instanceof ApiError && e.problem && Array.isArray(e.problem.errors)) {
    return e.problem.errors.map((x) => (x.pointer ? x.pointer + ': ' : '') + x.detail).join(' ');
  }
  return e ? e.message : 'No answer';
}
