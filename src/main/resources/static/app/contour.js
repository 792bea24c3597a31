// Draws a function's grid of values (from POST /api/v1/optimizer-trajectories with "grid") as a
// pale colour map with contour lines (marching squares), and the optimizers' paths over it.

/** Maps between the function's coordinates and the canvas (CSS pixels, y up). */
export function frame(width, height, xRange, yRange, pad = 36) {
  const sx = (width - 2 * pad) / (xRange[1] - xRange[0]);
  const sy = (height - 2 * pad) / (yRange[1] - yRange[0]);
  return {
    width, height, pad, xRange, yRange,
    px: (x) => pad + (x - xRange[0]) * sx,
    py: (y) => height - pad - (y - yRange[0]) * sy,
    fromPx: (px, py) => [xRange[0] + (px - pad) / sx, yRange[0] + (height - pad - py) / sy],
  };
}

/**
 * Levels evenly spaced in log(f − min): the test functions span orders of magnitude (Rosenbrock
 * from 0 to thousands), and linear levels would all crowd the walls.
 */
function levels(values, count) {
  const finite = values.flat().filter((v) => v != null && Number.isFinite(v));
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const lo = Math.log(span * 1e-4);
  const hi = Math.log(span);
  return { min, span, list: Array.from({ length: count }, (_, k) => min + Math.exp(lo + ((k + 0.5) * (hi - lo)) / count)) };
}

/** Returns the number of contour levels drawn. */
export function drawGrid(ctx, f, grid, count = 16) {
  const { x, y, values } = grid;
  const { min, span, list } = levels(values, count);
  // The colour map: one pixel per grid point, stretched and smoothed by the canvas.
  const image = document.createElement('canvas');
  image.width = x.length;
  image.height = y.length;
  const ictx = image.getContext('2d');
  const pixels = ictx.createImageData(x.length, y.length);
  for (let j = 0; j < y.length; j++) {
    for (let i = 0; i < x.length; i++) {
      const v = values[j][i];
      const t = v == null ? 1 : Math.max(0, Math.min(1, Math.log1p((v - min) / (span * 1e-4)) / Math.log1p(1e4)));
      const [r, g, b] = ramp(t);
      const k = ((y.length - 1 - j) * x.length + i) * 4; // row 0 is the lowest y: the image's bottom
      pixels.data.set([r, g, b, 255], k);
    }
  }
  ictx.putImageData(pixels, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(image, f.px(x[0]), f.py(y[y.length - 1]), f.px(x[x.length - 1]) - f.px(x[0]), f.py(y[0]) - f.py(y[y.length - 1]));
  ctx.strokeStyle = 'rgba(71, 85, 105, 0.55)';
  ctx.lineWidth = 1;
  for (const level of list) {
    ctx.beginPath();
    marchingSquares(x, y, values, level, (ax, ay, bx, by) => {
      ctx.moveTo(f.px(ax), f.py(ay));
      ctx.lineTo(f.px(bx), f.py(by));
    });
    ctx.stroke();
  }
  ctx.restore();
  return list.length;
}

/** Calls segment(ax, ay, bx, by) for each piece of the level's contour, cell by cell. */
function marchingSquares(x, y, v, level, segment) {
  for (let j = 0; j < y.length - 1; j++) {
    for (let i = 0; i < x.length - 1; i++) {
      const c = [v[j][i], v[j][i + 1], v[j + 1][i + 1], v[j + 1][i]]; // corners counter-clockwise from bottom-left
      if (c.some((value) => value == null)) continue;
      const p = [[x[i], y[j]], [x[i + 1], y[j]], [x[i + 1], y[j + 1]], [x[i], y[j + 1]]];
      const crossings = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e];
        const b = c[(e + 1) % 4];
        if ((a < level) !== (b < level)) {
          const t = (level - a) / (b - a);
          const [pa, pb] = [p[e], p[(e + 1) % 4]];
          crossings.push([pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])]);
        }
      }
      // Two crossings: one segment; four (a saddle): pair them in order, good enough at this resolution.
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        segment(crossings[k][0], crossings[k][1], crossings[k + 1][0], crossings[k + 1][1]);
      }
    }
  }
}

/** Pale blue (low) through pale yellow to pale red (high): the paths drawn over it stay legible. */
function ramp(t) {
  const stops = [[224, 236, 255], [254, 250, 215], [254, 226, 226]];
  const s = t * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(s));
  const u = s - k;
  return stops[k].map((a, i) => Math.round(a + (stops[k + 1][i] - a) * u));
}

export function drawPath(ctx, f, points, color) {
  if (!points.length) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(f.px(x), f.py(y)) : ctx.lineTo(f.px(x), f.py(y))));
  ctx.stroke();
  // A dot per step while there are few: the step sizes are what differs between optimizers.
  if (points.length <= 120) {
    for (const [x, y] of points) {
      ctx.beginPath();
      ctx.arc(f.px(x), f.py(y), 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  const [ex, ey] = points[points.length - 1];
  ctx.beginPath();
  ctx.arc(f.px(ex), f.py(ey), 5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.restore();
}

export function drawMarker(ctx, f, [x, y], label, kind) {
  ctx.save();
  ctx.strokeStyle = '#0f172a';
  ctx.fillStyle = '#0f172a';
  ctx.lineWidth = 2;
  const [px, py] = [f.px(x), f.py(y)];
  ctx.beginPath();
  if (kind === 'start') {
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.stroke();
  } else {
    ctx.moveTo(px - 6, py - 6); ctx.lineTo(px + 6, py + 6);
    ctx.moveTo(px + 6, py - 6); ctx.lineTo(px - 6, py + 6);
    ctx.stroke();
  }
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText(label, px + 9, py - 8);
  ctx.restore();
}

/** Ticks along the bottom and left edges. */
export function drawAxes(ctx, f) {
  ctx.save();
  ctx.strokeStyle = '#94a3b8';
  ctx.strokeRect(f.pad, f.pad, f.width - 2 * f.pad, f.height - 2 * f.pad);
  ctx.fillStyle = '#334155';
  ctx.font = '11px system-ui, sans-serif';
  for (let k = 0; k <= 4; k++) {
    const x = f.xRange[0] + (k / 4) * (f.xRange[1] - f.xRange[0]);
    const y = f.yRange[0] + (k / 4) * (f.yRange[1] - f.yRange[0]);
    ctx.textAlign = 'center';
    ctx.fillText(tick(x), f.px(x), f.height - f.pad + 16);
    ctx.textAlign = 'right';
    ctx.fillText(tick(y), f.pad - 6, f.py(y) + 4);
  }
  ctx.restore();
}

function tick(v) {
  return String(Number(v.toPrecision(3)));
}
