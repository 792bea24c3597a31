// A JSON editor: a textarea with a gutter of line numbers and a column of notes beside the lines.
// The textarea grows with its text (no inner scrolling), so gutter, text and notes stay aligned
// with nothing to synchronise.
import { h, fill } from './dom.js';

const LINE_HEIGHT = 20; // px; style.css's .editor line-height

export class JsonEditor {
  constructor(parent, onInput) {
    this.gutter = h('div', { class: 'editor-gutter', 'aria-hidden': 'true' });
    this.area = h('textarea', { class: 'editor-text', id: 'spec-editor', spellcheck: 'false', wrap: 'off', 'aria-label': 'Spec (JSON)',
      oninput: () => { this.clearMarks(); this.layout(); onInput(); } });
    this.notes = h('div', { class: 'editor-notes', id: 'editor-notes' });
    this.el = h('div', { class: 'editor' }, this.gutter, this.area, this.notes);
    // Tab indents instead of leaving the editor.
    this.area.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.shiftKey) {
        e.preventDefault();
        this.area.setRangeText('  ', this.area.selectionStart, this.area.selectionEnd, 'end');
        this.area.dispatchEvent(new Event('input'));
      }
    });
    parent.append(this.el);
    this.marks = new Map();
  }

  get value() {
    return this.area.value;
  }

  set value(text) {
    this.area.value = text;
    this.clearMarks();
    this.layout();
  }

  layout() {
    const count = this.area.value.split('\n').length;
    this.area.style.height = Math.max(16, count + 1) * LINE_HEIGHT + 16 + 'px';
    fill(this.gutter, Array.from({ length: count }, (_, i) => {
      const messages = this.marks.get(i + 1);
      return h('div', { class: messages ? 'line error' : 'line', dataset: { line: i + 1 }, title: messages ? messages.join('\n') : null }, i + 1);
    }));
    fill(this.notes, this.marks.size === 0 && h('div', { class: 'hint' }, 'What the service refuses shows here, beside its line.'),
      [...this.marks].map(([line, messages]) => h('div', {
      class: 'note', dataset: { line }, style: `top: ${(line - 1) * LINE_HEIGHT + 8}px`, title: messages.join('\n'),
    }, '← ', messages.join(' · '))));
  }

  /** @param marks [{line, message}] */
  mark(marks) {
    this.marks = new Map();
    for (const { line, message } of marks) this.marks.set(line, [...(this.marks.get(line) || []), message]);
    this.layout();
  }

  clearMarks() {
    if (this.marks.size) {
      this.marks = new Map();
      this.layout();
    }
  }

  /** Puts the caret on a line and brings it into view. */
  goTo(line) {
    const lines = this.area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    this.area.focus();
    this.area.setSelectionRange(start, start + lines[line - 1].length);
    this.gutter.children[line - 1].scrollIntoView({ block: 'center' });
  }
}
