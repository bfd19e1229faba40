// <mr-login>: email + password; fires "logged-in" once the session cookie is set.
import { html, nothing } from 'lit';
import { api } from '../api.js';
import { View } from '../ui.js';

class Login extends View {
  static properties = { error: { state: true }, busy: { state: true } };

  async submit(e) {
    e.preventDefault();
    const form = e.target;
    this.busy = true;
    this.error = null;
    try {
      await api('POST', '/api/v1/sessions', { email: form.email.value, password: form.password.value });
      this.dispatchEvent(new CustomEvent('logged-in'));
    } catch (err) {
      this.error = err.status === 429
        ? `Too many failed attempts. Try again in ${err.retryAfter ?? 60} seconds.`
        : err.status === 401 ? 'Wrong email or password.' : err.message;
      this.busy = false;
    }
  }

  render() {
    return html`<div class="login-page">
      <form class="card login-card" @submit=${this.submit} novalidate>
        <div class="brand-row"><span class="logo" aria-hidden="true">M</span><span class="brand">Merchantry</span></div>
        <h1>Log in</h1>
        <p class="subdued">Enable, tune and watch the strategies of your shops.</p>
        ${this.error ? html`<div class="banner banner-critical" role="alert" id="login-error">${this.error}</div>` : nothing}
        <label class="field"><span>Email</span>
          <input name="email" type="email" autocomplete="username" required autofocus
            aria-describedby=${this.error ? 'login-error' : nothing}></label>
        <label class="field"><span>Password</span>
          <input name="password" type="password" autocomplete="current-password" required></label>
        <button class="button primary wide" type="submit" ?disabled=${this.busy}>${this.busy ? 'Logging in…' : 'Log in'}</button>
        <p class="subdued small">Accounts are created by an administrator (<code>merchantry users add</code>).
          Running <code>serve --demo</code>? Use the demo login printed at start.</p>
      </form>
    </div>`;
  }
}
customElements.define('mr-login', Login);
