// The service's HTTP API as the pages use it: JSON in and out, problems (RFC 9457) as errors,
// the API key (when one was given) on every request.
import { authHeaders, unauthorized } from './auth.js';

/** A 4xx/5xx answer; `problem` is the application/problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, text) {
    super((problem && (problem.detail || problem.title)) || text || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * One request. `cache: 'no-cache'` makes the browser revalidate what it holds with If-None-Match,
 * so polling a job whose ETag has not changed costs the server a 304 and no view.
 */
export async function request(method, url, body) {
  const init = { method, cache: 'no-cache', headers: { Accept: 'application/json, application/problem+json', ...authHeaders() } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (response.status === 401) unauthorized(data);
  if (!response.ok) throw new ApiError(response.status, data, text);
  return data;
}

export const get = (url) => request('GET', url);
export const post = (url, body) => request('POST', url, body);
export const del = (url) => request('DELETE', url);

/**
 * Saves what `url` answers as a file: a plain link cannot carry the API key, so the download is
 * fetched here and handed to the browser as a blob.
 */
export async function download(url, filename) {
  const response = await fetch(url, { headers: authHeaders() });
  if (response.status === 401) unauthorized(await response.clone().json().catch(() => null));
  if (!response.ok) {
    const text = await response.text();
    let problem = null;
    try {
      problem = JSON.parse(text);
    } catch (e) {
      problem = null;
    }
    throw new ApiError(response.status, problem, text);
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
