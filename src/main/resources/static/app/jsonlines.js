// JSON pretty-printed exactly as JSON.stringify(value, null, 2) does, remembering the line each
// JSON pointer (RFC 6901) starts on, so that a problem's pointer can be shown at its line.

/** @returns {text, lines: Map(pointer → 1-based line)} */
export function prettyWithLines(value) {
  const out = [];
  const lines = new Map();
  write(value, '', 0, '', '');
  return { text: out.join('\n'), lines };

  function write(v, pointer, depth, prefix, suffix) {
    lines.set(pointer, out.length + 1);
    const pad = '  '.repeat(depth);
    if (Array.isArray(v) && v.length > 0) {
      out.push(pad + prefix + '[');
      v.forEach((item, i) => write(item, pointer + '/' + i, depth + 1, '', i < v.length - 1 ? ',' : ''));
      out.push(pad + ']' + suffix);
    } else if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      out.push(pad + prefix + '{');
      const keys = Object.keys(v);
      keys.forEach((k, i) => write(v[k], pointer + '/' + escape(k), depth + 1, JSON.stringify(k) + ': ', i < keys.length - 1 ? ',' : ''));
      out.push(pad + '}' + suffix);
    } else {
      out.push(pad + prefix + JSON.stringify(v) + suffix);
    }
  }
}

function escape(key) {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The line of `pointer`, or of its nearest ancestor that the text has (a missing required field
 * points inside an object that exists); line 1 for the whole body.
 */
export function lineOf(lines, pointer) {
  let p = pointer || '';
  while (p && !lines.has(p)) p = p.slice(0, p.lastIndexOf('/'));
  return lines.get(p) || 1;
}

/** The 1-based line of a JSON.parse error, where the engine says where it is. */
export function parseErrorLine(text, error) {
  const line = /line (\d+)/.exec(error.message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(error.message);
  return position ? text.slice(0, Number(position[1])).split('\n').length : null;
}
