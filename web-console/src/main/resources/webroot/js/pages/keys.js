// <mr-keys>: a shop's API keys — create one with a scope (the key is shown once, to copy), list them with when each
// was last used, revoke. Any user of the shop may manage its keys.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, spinner, loadError, toast, toastError } from '../ui.js';
import { date, ago, dateTime } from '../format.js';

// Each scope includes the ones above it; a key needs only one.
const SCOPES = [
  ['read', 'Read', 'GET requests only: recommendations, forecasts, profiles, reports.'],
  ['ingest', 'Ingest', 'Read, plus sending events, products, inventory and imports — for a shop backend.'],
  ['manage', 'Manage', 'Everything the shop may do: strategies, training, settings, keys.'],
];

class Keys extends View {
  static properties = {
    shop: { attribute: false }, keys: { state: true }, error: { state: true }, errors: { state: true },
    created: { state: true }, busy: { state: true },
  };

  constructor() {
    super();
    this.errors = {};
  }

  willUpdate(changed) {
    if (changed.has('shop') && this.shop) {
      this.keys = undefined;
      this.error = undefined;
      this.created = undefined;
      this.load();
    }
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}/keys`;
  }

  async load() {
    try {
      this.keys = (await api('GET', this.base)).keys;
    } catch (e) {
      this.error = e;
    }
  }

  async create(e) {
    e.preventDefault();
    const f = e.target;
    const scope = f.querySelector('input[name=scope]:checked')?.value;
    this.errors = {};
    this.busy = 'create';
    try {
      this.created = await api('POST', this.base, { name: f.name.value, scopes: scope ? [scope] : [] });
      toast(`Created the key ${this.created.name}. Copy it now: it is not shown again.`);
      f.reset();
      await this.load();
      await this.updateComplete;
      this.querySelector('.new-key code')?.focus();
    } catch (err) {
      this.errors = Object.fromEntries((err.errors || []).map(x => [x.key, x.message]));
      toastError('Could not create the key', err);
    } finally {
      this.busy = null;
    }
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.created.key);
      toast('Key copied to the clipboard.');
    } catch (e) {
      toastError('Could not copy; select the key and copy it by hand', e);
    }
  }

  async revoke(k) {
    if (!confirm(`Revoke the key "${k.name}"? Every request made with it is refused from now on.`)) return;
    this.busy = k.id;
    try {
      await api('DELETE', `${this.base}/${seg(k.id)}`);
      toast(`Revoked ${k.name}.`);
      if (this.created?.id === k.id) this.created = undefined;
      await this.load();
    } catch (e) {
      toastError(`Could not revoke ${k.name}`, e);
    } finally {
      this.busy = null;
    }
  }

  err(key) {
    return this.errors[key] ? html`<p class="field-error" role="alert" id="key-${key}-error">${this.errors[key]}</p>` : nothing;
  }

  renderCreated() {
    const k = this.created;
    if (!k) return nothing;
    return html`<div class="new-key">${banner('success', `Your new key "${k.name}"`,
      html`Copy it now and store it where your integration reads its secrets: it is not shown again.
        <div class="key-row"><code tabindex="0" aria-label="The new API key">${k.key}</code>
        <button class="button slim" @click=${() => this.copy()}>Copy</button>
        <button class="button slim plain" @click=${() => { this.created = undefined; }}>Done</button></div>`)}</div>`;
  }

  render() {
    const header = pageHeader('API keys', html`Keys let your shop backend and other services call the REST API
      for ${this.shop?.name}. Give each integration its own key with the smallest scope it needs.`);
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    return html`<div class="page">${header}
      ${card('Create a key', html`<form class="user-form key-form" @submit=${e => this.create(e)} novalidate>
        <label class="field ${this.errors.name ? 'has-error' : ''}"><span>Name</span>
          <input name="name" autocomplete="off" placeholder="e.g. storefront" maxlength="100"
            aria-invalid=${this.errors.name ? 'true' : 'false'} aria-describedby=${this.errors.name ? 'key-name-error' : nothing}>
          ${this.err('name')}</label>
        <fieldset class="field ${this.errors.scopes ? 'has-error' : ''}"><legend>Scope</legend>
          ${SCOPES.map(([value, text, help], i) => html`<label class="check scope-choice">
            <input type="radio" name="scope" value=${value} ?checked=${i === 0}>
            <span><strong>${text}</strong> <span class="help">${help}</span></span></label>`)}
          ${this.err('scopes')}</fieldset>
        <div class="form-actions"><button class="button primary" type="submit" ?disabled=${this.busy === 'create'}>
          ${this.busy === 'create' ? 'Creating…' : 'Create key'}</button></div>
      </form>${this.renderCreated()}`)}
      ${card('Keys', !this.keys ? spinner() : this.keys.length === 0
        ? emptyState('No keys', 'This shop has no API key: nothing can call the API for it. Create one above.') : html`
        <div class="table-wrap"><table class="table keys-table"><thead><tr><th scope="col">Name</th><th scope="col">Scope</th>
          <th scope="col">Id</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
        <tbody>${this.keys.map(k => html`<tr data-key=${k.id}><td>${k.name}</td>
          <td>${k.scopes.map(s => html`${badge(s, s === 'manage' ? 'warning' : s === 'ingest' ? 'info' : 'neutral')} `)}</td>
          <td><code>${k.id}</code></td><td>${date(k.created_at)}</td>
          <td title=${k.last_used_at ? dateTime(k.last_used_at) : ''}>${ago(k.last_used_at)}</td>
          <td><button class="button slim critical" ?disabled=${this.busy === k.id} @click=${() => this.revoke(k)}>Revoke</button></td>
        </tr>`)}</tbody></table></div>
        <p class="help">Last use is recorded about once a minute. A revoked key is refused by every node within a second.</p>`)}
    </div>`;
  }
}
customElements.define('mr-keys', Keys);
