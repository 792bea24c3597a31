// A few DOM helpers, so that pages read as the markup they build.

/**
 * h('a', {href: '#/jobs', class: 'x', onclick: fn, dataset: {id: 1}}, 'text', child) → element.
 * Null, undefined and false children and attributes are skipped, so conditionals read inline.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (which need their namespace). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = value;
    // Form state lives in properties, not attributes.
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') el[key] = value;
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Brings `container`'s children to `children` keeping the elements that stay (matched by their
 * data-key), changed in place. Live tables are redrawn every second or two: replacing a row under
 * the pointer between press and release would swallow the click on its link.
 */
export function update(container, children) {
  const old = new Map([...container.children].filter((c) => c.dataset.key != null).map((c) => [c.dataset.key, c]));
  const wanted = children.flat(Infinity).filter(Boolean);
  wanted.forEach((next, i) => {
    const known = next.dataset.key != null ? old.get(next.dataset.key) : null;
    const el = known ? morph(known, next) : next;
    if (known) old.delete(next.dataset.key);
    if (container.children[i] !== el) container.insertBefore(el, container.children[i] || null);
  });
  while (container.children.length > wanted.length) container.lastElementChild.remove();
}

/** Makes `old` look like `next`, touching only what differs; returns the node that stays. */
function morph(old, next) {
  if (old.isEqualNode(next)) return old;
  if (old.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE) {
    old.nodeValue = next.nodeValue;
    return old;
  }
  if (old.nodeType !== Node.ELEMENT_NODE || old.nodeName !== next.nodeName || old.childNodes.length !== next.childNodes.length) {
    old.replaceWith(next);
    return next;
  }
  for (const a of [...old.attributes]) if (!next.hasAttribute(a.name)) old.removeAttribute(a.name);
  for (const a of [...next.attributes]) if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
  [...old.childNodes].forEach((child, i) => morph(child, next.childNodes[i]));
  return old;
}
