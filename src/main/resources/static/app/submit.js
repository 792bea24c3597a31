// #/submit: a job or study spec in a JSON editor, sent to POST /api/v1/jobs or /api/v1/studies.
// A refused spec comes back as a problem whose errors each name a JSON pointer: the spec is
// pretty-printed, and each message is shown beside the line its pointer names.
import { h, fill } from './dom.js';
import { ApiError, post } from './api.js';
import { JsonEditor } from './editor.js';
import { EXAMPLES } from './examples.js';
import { lineOf, parseErrorLine, prettyWithLines } from './jsonlines.js';

const KINDS = {
  job: { label: 'Job', url: '/api/v1/jobs', page: '#/jobs/' },
  study: { label: 'Study', url: '/api/v1/studies', page: '#/studies/' },
};

export function submitPage(root, scope, { params }) {
  let kind = params.get('kind') === 'study' ? 'study' : 'job';
  const result = h('div', { class: 'result', id: 'submit-result', 'aria-live': 'polite' });
  const kinds = h('div', { class: 'segmented' }, Object.entries(KINDS).map(([k, v]) =>
    h('label', {}, h('input', { type: 'radio', name: 'kind', value: k, checked: k === kind, onchange: () => setKind(k) }), ' ', v.label)));
  const examples = h('select', { id: 'example', onchange: () => load(EXAMPLES[Number(examples.value)]) },
    h('option', { value: '' }, 'Start from an example…'), EXAMPLES.map((e, i) => h('option', { value: i }, e.title)));
  const submit = h('button', { class: 'primary', id: 'submit-spec', onclick: send }, 'Submit');
  const holder = h('div');
  fill(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Submit')),
    h('p', { class: 'muted' }, 'Write a spec as JSON. Fields, ranges and defaults are in the ',
      h('a', { href: '/swagger-ui.html' }, 'API reference'), '; what is refused is marked at its line.'),
    h('div', { class: 'toolbar' }, kinds, examples, h('button', { onclick: format }, 'Format'), submit),
    holder, result);
  const editor = new JsonEditor(holder, () => sessionStorage.setItem(storageKey(), editor.value));
  editor.value = sessionStorage.getItem(storageKey()) || pretty(EXAMPLES.find((e) => e.kind === kind).spec);

  function storageKey() {
    return 'descent.submit.' + kind;
  }

  function setKind(k) {
    kind = k;
    editor.value = sessionStorage.getItem(storageKey()) || pretty(EXAMPLES.find((e) => e.kind === kind).spec);
    fill(result);
  }

  function load(example) {
    if (!example) return;
    kind = example.kind;
    kinds.querySelectorAll('input').forEach((i) => { i.checked = i.value === kind; });
    editor.value = pretty(example.spec);
    sessionStorage.setItem(storageKey(), editor.value);
    examples.value = '';
    fill(result);
  }

  function parse() {
    try {
      return { value: JSON.parse(editor.value) };
    } catch (e) {
      const line = parseErrorLine(editor.value, e);
      if (line) editor.mark([{ line, message: 'Not valid JSON here' }]);
      fill(result, h('div', { class: 'problem' }, h('strong', {}, 'Not valid JSON'), h('p', {}, e.message)));
      return null;
    }
  }

  function format() {
    const parsed = parse();
    if (parsed) editor.value = pretty(parsed.value);
  }

  async function send() {
    const parsed = parse();
    if (!parsed) return;
    submit.disabled = true;
    fill(result, h('p', { class: 'muted' }, 'Sending…'));
    try {
      const created = await post(KINDS[kind].url, editor.value);
      fill(result, h('div', { class: 'success', id: 'submit-success' },
        h('strong', {}, KINDS[kind].label + ' created: '), h('a', { href: KINDS[kind].page + created.id, id: 'created-link' }, created.name),
        h('span', { class: 'muted' }, ' (', created.id, ', ', created.status, ')')));
    } catch (e) {
      showProblem(e, parsed.value);
    } finally {
      submit.disabled = false;
    }
  }

  function showProblem(e, value) {
    const problem = e instanceof ApiError && e.problem ? e.problem : { title: 'Request failed', detail: e.message };
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    // Reformatted so that every pointer has a line of its own.
    const { text, lines } = prettyWithLines(value);
    editor.value = text;
    const located = errors.map((err) => ({
      ...err,
      line: err.pointer != null ? lineOf(lines, err.pointer) : null,
      message: err.detail || err.message || '',
    }));
    editor.mark(located.filter((err) => err.line != null));
    fill(result, h('div', { class: 'problem', id: 'submit-problem' },
      h('strong', {}, (problem.status ? problem.status + ' ' : '') + (problem.title || 'Refused')),
      errors.length <= 1 && problem.detail && h('p', {}, problem.detail),
      located.length > 0 && h('ul', { class: 'problem-list' }, located.map((err) => h('li', {},
        err.line != null
          ? h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); editor.goTo(err.line); } }, 'line ' + err.line)
          : h('span', {}, err.parameter ? 'parameter ' + err.parameter : 'request'),
        err.pointer != null && [' ', h('code', {}, err.pointer === '' ? '(whole body)' : err.pointer)],
        ': ', err.message)))));
  }
}

function pretty(value) {
  return JSON.stringify(value, null, 2);
}
