// Server-sent events over fetch(), because EventSource cannot send an Authorization header. The
// same shape as EventSource for what the pages use: addEventListener(name, e => e.data), an
// 'error' event, readyState, close(); and the same reconnection: when the connection drops, it
// reconnects after `retry` ms with Last-Event-ID, so a job's stream resumes exactly. A refusal
// (any status but 200) closes it for good, as EventSource does.
import { authHeaders, unauthorized } from './auth.js';

export class EventStream {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;

  constructor(url, retry = 3000) {
    this.url = url;
    this.retry = retry;
    this.readyState = EventStream.CONNECTING;
    this.lastEventId = null;
    this.listeners = new Map();
    this.controller = null;
    this.connect();
  }

  addEventListener(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, []);
    this.listeners.get(name).push(fn);
  }

  close() {
    this.readyState = EventStream.CLOSED;
    if (this.controller) this.controller.abort();
  }

  emit(name, event) {
    (this.listeners.get(name) || []).forEach((fn) => fn(event));
  }

  async connect() {
    this.controller = new AbortController();
    const headers = { Accept: 'text/event-stream', ...authHeaders() };
    if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
    let response;
    try {
      response = await fetch(this.url, { headers, cache: 'no-store', signal: this.controller.signal });
    } catch (e) {
      return this.dropped();
    }
    if (response.status !== 200) {
      this.readyState = EventStream.CLOSED;
      if (response.status === 401) {
        unauthorized(await response.json().catch(() => null));
      }
      this.emit('error', { status: response.status });
      return;
    }
    this.readyState = EventStream.OPEN;
    this.emit('open', {});
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        // Events end with a blank line (the service writes \n line ends).
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      // Aborted by close(), or the connection broke: handled below.
    }
    this.dropped();
  }

  /** One event's lines: id, event, data (several data lines join with \n), comments ignored. */
  dispatch(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') this.lastEventId = value;
      else if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    }
    if (data.length) this.emit(name, { data: data.join('\n'), lastEventId: this.lastEventId });
  }

  dropped() {
    if (this.readyState === EventStream.CLOSED) return;
    this.readyState = EventStream.CONNECTING;
    this.emit('error', {});
    setTimeout(() => {
      if (this.readyState !== EventStream.CLOSED) this.connect();
    }, this.retry);
  }
}
