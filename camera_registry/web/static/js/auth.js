// Signing in with the API's auth: username/password (+ one-time code) for a session token, or
// the demo server's sign-in buttons.  The token lives in sessionStorage for this tab only.
import { api, setToken, token } from './api.js';
import { label, t } from './i18n.js';
import { state } from './state.js';

export async function restoreUser() {
  if (!token()) return null;
  try {
    return await api('/auth/me');
  } catch {
    setToken(null);
    return null;
  }
}

async function signIn(path, body, pick) {
  const answer = await api(path, { method: 'POST', body, auth: false });
  setToken(pick(answer));
  return api('/auth/me');
}

export function passwordSignIn(username, password, totp) {
  const body = { username, password };
  if (totp) body.totp = totp;
  return signIn('/auth/login', body, (a) => a.token);
}

export function demoSignIn(role) {
  return signIn('/auth/demo-login', { role }, (a) => a.api_key);
}

export async function signOut() {
  const current = token();
  setToken(null);
  if (current && current.startsWith('crs_')) {
    await fetch('/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${current}` } })
      .catch(() => {});
  }
}

export function renderUser() {
  const box = document.getElementById('user-box');
  box.hidden = !state.user;
  if (state.user) {
    document.getElementById('user-name').textContent = `${state.user.username} (${label('role', state.user.role)})`;
  }
  document.getElementById('login').hidden = Boolean(state.user);
  document.getElementById('search').hidden = !state.user;
  document.getElementById('demo-login').hidden = !state.config.demoLogin;
}

export function wireLogin(onSignedIn, onSignedOut) {
  const message = document.getElementById('message');
  const fail = (error) => {
    message.textContent = `${t('login_failed')}: ${error.message}`;
    message.hidden = false;
  };
  document.getElementById('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    message.hidden = true;
    const f = event.target;
    try {
      onSignedIn(await passwordSignIn(f.username.value, f.password.value, f.totp.value.trim()));
      f.password.value = '';
      f.totp.value = '';
    } catch (error) { fail(error); }
  });
  document.querySelectorAll('button.demo-role').forEach((button) => {
    button.addEventListener('click', async () => {
      message.hidden = true;
      try { onSignedIn(await demoSignIn(button.dataset.role)); } catch (error) { fail(error); }
    });
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await signOut();
    onSignedOut();
  });
}
