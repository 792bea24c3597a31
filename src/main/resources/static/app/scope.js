// What a page opens (timers, event streams) is closed when the user navigates away: a page gets a
// scope, and the router disposes it before rendering the next one.
import { EventStream } from './stream.js';

export class Scope {
  constructor() {
    this.alive = true;
    this.disposers = [];
  }

  onDispose(fn) {
    this.disposers.push(fn);
  }

  /**
   * Runs `task` now and then `ms` after each run ends (never two at once, so a slow server is not
   * piled on). A failing run is reported to `onError` and the next one still comes.
   */
  repeat(ms, task, onError = console.warn) {
    let timer = null;
    let stopped = false;
    const run = async () => {
      if (!this.alive || stopped) return;
      try {
        await task();
      } catch (e) {
        onError(e);
      }
      if (this.alive && !stopped) timer = setTimeout(run, ms);
    };
    // Stopping works from inside the task too: no further run is scheduled.
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
    };
    this.onDispose(stop);
    run();
    return stop;
  }

  /** An event stream (EventSource's shape, with the API key) closed with the page. */
  eventSource(url) {
    const source = new EventStream(url);
    this.onDispose(() => source.close());
    return source;
  }

  dispose() {
    this.alive = false;
    this.disposers.forEach((fn) => fn());
    this.disposers = [];
  }
}
