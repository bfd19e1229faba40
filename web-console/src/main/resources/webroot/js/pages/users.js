// <mr-users> (admins): console accounts — create a merchant with its shops, or an admin; delete.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, spinner, loadError, toast, toastError } from '../ui.js';
import { date } from '../format.js';

class Users extends View {
  static properties = { shops: { attribute: false }, users: { state: true }, error: { state: true }, errors: { state: true } };

  constructor() {
    super();
    this.errors = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.users = (await api('GET', '/api/v1/users')).users;
    } catch (e) {
      this.error = e;
    }
  }

  async create(e) {
    e.preventDefault();
    const f = e.target;
    const shops = [...f.querySelectorAll('input[name=shop]:checked')].map(i => i.value);
    this.errors = {};
    try {
      const u = await api('POST', '/api/v1/users', { email: f.email.value, password: f.password.value, shops, admin: f.admin.checked });
      toast(`Created ${u.email}.`);
      f.reset();
      await this.load();
    } catch (err) {
      this.errors = Object.fromEntries((err.errors || []).map(x => [x.key, x.message]));
      toastError('Could not create the user', err);
    }
  }

  async deleteUser(u) {
    if (!confirm(`Delete ${u.email}? Their sessions end at once.`)) return;
    try {
      await api('DELETE', `/api/v1/users/${seg(u.email)}`);
      toast(`Deleted ${u.email}.`);
      await this.load();
    } catch (e) {
      toastError(`Could not delete ${u.email}`, e);
    }
  }

  err(key) {
    return this.errors[key] ? html`<p class="field-error" role="alert">${this.errors[key]}</p>` : nothing;
  }

  render() {
    const header = pageHeader('Users', 'Who can log in to the console. Merchants see only their shops; admins see everything.');
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    return html`<div class="page">${header}
      ${card('Add a user', html`<form class="user-form" @submit=${e => this.create(e)} novalidate>
        <label class="field ${this.errors.email ? 'has-error' : ''}"><span>Email</span><input name="email" type="email" autocomplete="off">${this.err('email')}</label>
        <label class="field ${this.errors.password ? 'has-error' : ''}"><span>Password (at least 8 characters)</span>
          <input name="password" type="password" autocomplete="new-password">${this.err('password')}</label>
        <fieldset class="field ${this.errors.shops ? 'has-error' : ''}"><legend>Shops</legend>
          ${(this.shops || []).map(s => html`<label class="check"><input type="checkbox" name="shop" value=${s.id}> ${s.name} <code>${s.id}</code></label>`)}
          ${this.err('shops')}</fieldset>
        <label class="check"><input type="checkbox" name="admin"> Administrator (all shops, plugins and users)</label>
        <div class="form-actions"><button class="button primary" type="submit">Add user</button></div>
      </form>`)}
      ${card('Accounts', !this.users ? spinner() : this.users.length === 0 ? emptyState('No users yet', 'Add the first one above, or run merchantry users add.') : html`
        <div class="table-wrap"><table class="table"><thead><tr><th scope="col">Email</th><th scope="col">Access</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
        <tbody>${this.users.map(u => html`<tr><td>${u.email}</td>
          <td>${u.admin ? badge('Admin', 'info') : u.shops.map(s => html`<code>${s}</code> `)}</td><td>${date(u.created_at)}</td>
          <td><button class="button slim critical" @click=${() => this.deleteUser(u)}>Delete</button></td></tr>`)}</tbody></table></div>`)}
    </div>`;
  }
}
customElements.define('mr-users', Users);
