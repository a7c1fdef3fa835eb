// Calls to the camreg API with the signed-in user's token; problems become ApiError.
const TOKEN_KEY = 'camreg.token';
const listeners = [];

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Called with no argument when the server no longer accepts the token. */
export function onUnauthenticated(fn) {
  listeners.push(fn);
}

function headers(auth, json) {
  const out = { Accept: 'application/json, application/geo+json, application/problem+json' };
  if (auth && token()) out.Authorization = `Bearer ${token()}`;
  if (json) out['Content-Type'] = 'application/json';
  return out;
}

async function send(path, { method = 'GET', body, auth = true } = {}) {
  const response = await fetch(path, {
    method,
    headers: headers(auth, body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 401 && auth) listeners.forEach((fn) => fn());
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function api(path, options = {}) {
  const response = await send(path, options);
  return response.status === 204 ? null : response.json();
}

export async function apiBlob(path) {
  const response = await send(path);
  return response.blob();
}

/** An absolute URL of this server (tile templates need one). */
export function here(path) {
  return `${window.location.origin}${path}`;
}
