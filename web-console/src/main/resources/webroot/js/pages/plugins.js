// <mr-plugins> (admins): installed plugins with version, state and errors, their strategies with each config spec, and
// the shops bound to them; upload, stop, start, delete; quarantined archives; a link to the plugin author's guide.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, spinner, loadError, toast, toastError } from '../ui.js';

/** A key's constraints in words, e.g. " 1…500" or ": a, b". */
function constraints(c = {}) {
  if ('min' in c && 'max' in c) return ` ${c.min}…${c.max}`;
  const parts = [];
  if ('min' in c) parts.push(` ≥ ${c.min}`);
  if ('exclusive_min' in c) parts.push(` > ${c.exclusive_min}`);
  if ('max' in c) parts.push(` ≤ ${c.max}`);
  if ('exclusive_max' in c) parts.push(` < ${c.exclusive_max}`);
  if (c.one_of) parts.push(`: ${c.one_of.join(', ')}`);
  return parts.join('');
}

const TONE = { started: 'success', starting: 'info', stopped: 'warning', failed: 'critical', disabled: 'neutral', resolved: 'info' };

class Plugins extends View {
  static properties = {
    plugins: { state: true }, quarantined: { state: true }, error: { state: true }, busy: { state: true },
    strategies: { state: true }, usage: { state: true }, usageError: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const [list, strategies] = await Promise.all([api('GET', '/api/v1/plugins'), api('GET', '/api/v1/strategies')]);
      this.plugins = list.plugins;
      this.quarantined = list.quarantined || [];
      this.strategies = Object.fromEntries(strategies.strategies.map(s => [s.id, s]));
      this.error = null;
    } catch (e) {
      this.error = e;
    }
    this.loadUsage();
  }

  /** Which shops are bound to which strategy: every shop's bindings (an admin sees every shop). */
  async loadUsage() {
    try {
      const { shops } = await api('GET', '/api/v1/shops');
      const lists = await Promise.all(shops.map(s => api('GET', `/api/v1/shops/${seg(s.id)}/strategies`)));
      const usage = {};
      lists.forEach(({ bindings }) => bindings.forEach(b => (usage[b.strategy] ||= []).push(b)));
      this.usage = usage;
      this.usageError = null;
    } catch (e) {
      this.usageError = e;
    }
  }

  usedBy(plugin) {
    if (this.usageError) return html`<span class="subdued small">unknown (${this.usageError.message})</span>`;
    if (!this.usage) return html`<span class="subdued small">…</span>`;
    const bound = (plugin.strategies || []).flatMap(s => this.usage[s] || []);
    if (bound.length === 0) return html`<span class="subdued">no shop</span>`;
    return bound.map(b => html`<div class="small"><a href="#/shops/${b.shop}/strategies">${b.shop}</a>
      <span class="subdued">${b.kind}: <code>${b.strategy}</code>${b.enabled === false ? ' (disabled)' : ''}</span></div>`);
  }

  strategy(id) {
    const s = this.strategies?.[id];
    if (!s) return html`<div><code>${id}</code></div>`;
    const spec = s.config_spec || [];
    return html`<details class="strategy-spec"><summary><code>${s.id}</code> <span class="subdued small">${s.kind} ${s.version}</span></summary>
      <div class="small">${s.doc}</div>
      ${spec.length === 0 ? html`<div class="subdued small">No configuration.</div>` : html`<table class="table"><thead><tr>
        <th scope="col">Key</th><th scope="col">Type</th><th scope="col">Default</th><th scope="col">Importance</th><th scope="col">Doc</th></tr></thead>
        <tbody>${spec.map(k => html`<tr><td><code>${k.key}</code></td><td>${k.type}${constraints(k.constraints)}</td>
          <td>${k.required ? 'required' : JSON.stringify(k.default)}</td><td>${k.importance}</td><td>${k.doc}</td></tr>`)}</tbody></table>`}
    </details>`;
  }

  async act(plugin, action) {
    if (action === 'delete' && !confirm(`Delete plugin ${plugin.id}? Its strategies stop serving and its file is removed.`)) return;
    this.busy = plugin.id;
    try {
      if (action === 'delete') await this.deletePlugin(plugin.id);
      else await api('POST', `/api/v1/plugins/${seg(plugin.id)}/${action}`);
      toast(`Plugin ${plugin.id} ${{ stop: 'stopped', start: 'started', delete: 'deleted' }[action]}.`);
      await this.load();
    } catch (e) {
      toastError(`Could not ${action} ${plugin.id}`, e);
    } finally {
      this.busy = null;
    }
  }

  /**
   * Deletes a plugin; when shops are bound to its strategies (409), asks before deleting anyway. (Not named
   * remove(): that is the DOM method that detaches this element, which the router calls on navigation.)
   */
  async deletePlugin(id) {
    try {
      await api('DELETE', `/api/v1/plugins/${seg(id)}`);
    } catch (e) {
      if (e.status !== 409 || !confirm(`${e.message}\n\nDelete anyway?`)) throw e;
      await api('DELETE', `/api/v1/plugins/${seg(id)}?force=true`);
    }
  }

  async discard(q) {
    if (!confirm(`Delete the quarantined archive ${q.file}?`)) return;
    this.busy = q.file;
    try {
      await api('DELETE', `/api/v1/plugins/${seg(q.file)}`);
      toast(`Deleted ${q.file}.`);
      await this.load();
    } catch (e) {
      toastError(`Could not delete ${q.file}`, e);
    } finally {
      this.busy = null;
    }
  }

  async upload(e) {
    e.preventDefault();
    const file = e.target.file.files[0];
    if (!file) {
      toast('Choose a plugin jar or zip first.', 'critical');
      return;
    }
    this.busy = 'upload';
    try {
      const p = await api('POST', `/api/v1/plugins?file=${encodeURIComponent(file.name)}`, file, { contentType: 'application/java-archive' });
      toast(`Installed ${p.id} ${p.version}: ${p.state}${p.strategies?.length ? ` with ${p.strategies.join(', ')}` : ''}.`,
        p.state === 'started' ? 'success' : 'warning');
      e.target.reset();
      await this.load();
    } catch (err) {
      toastError(`Could not install ${file.name}`, err);
    } finally {
      this.busy = null;
    }
  }

  render() {
    const header = pageHeader('Plugins', 'Strategies come from plugins. A plugin that fails is listed with its reason; the others keep serving.');
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    if (!this.plugins) return html`<div class="page">${header}${spinner()}</div>`;
    return html`<div class="page">${header}
      ${card('Install a plugin', html`<form class="inline-form" @submit=${e => this.upload(e)}>
        <label class="field"><span>Plugin jar or zip</span><input type="file" name="file" accept=".jar,.zip"></label>
        <button class="button primary" type="submit" ?disabled=${this.busy === 'upload'}>${this.busy === 'upload' ? 'Installing…' : 'Upload and start'}</button>
      </form><p class="help">It is validated, copied into the node's plugins directory and started.
        Writing your own? <a href="#/plugins/docs/guide">Read the plugin guide</a>.</p>`)}
      ${card('Installed', this.plugins.length === 0 ? emptyState('No plugins installed', 'Upload one above, or drop jars into the plugins directory and restart.') : html`
        <div class="table-wrap"><table class="table"><thead><tr><th scope="col">Plugin</th><th scope="col">State</th><th scope="col">Strategies and their configuration</th>
          <th scope="col">Used by</th><th scope="col">Actions</th></tr></thead><tbody>${this.plugins.map(p => html`<tr>
          <td><strong>${p.id}</strong> <span class="subdued small">${p.version || ''}</span>
            ${p.description ? html`<div class="subdued small">${p.description}</div>` : nothing}
            ${p.reason ? html`<div class="field-error small">${p.reason}</div>` : nothing}</td>
          <td>${badge(p.state, TONE[p.state] || 'neutral')}</td>
          <td>${p.strategies?.length ? p.strategies.map(s => this.strategy(s)) : html`<span class="subdued">none</span>`}</td>
          <td>${this.usedBy(p)}</td>
          <td class="actions">
            ${p.state === 'started' ? html`<button class="button slim" ?disabled=${this.busy === p.id} @click=${() => this.act(p, 'stop')}>Stop</button>` : nothing}
            ${p.state === 'stopped' || p.state === 'resolved' ? html`<button class="button slim" ?disabled=${this.busy === p.id} @click=${() => this.act(p, 'start')}>Start</button>` : nothing}
            <button class="button slim critical" ?disabled=${this.busy === p.id} @click=${() => this.act(p, 'delete')}>Delete</button></td>
        </tr>`)}</tbody></table></div>`)}
      ${this.quarantined?.length ? card('Quarantined', html`<p class="help">Refused archives, moved out of the plugins directory with the reason; they are never loaded. Fix and upload again, or delete.</p>
        <div class="table-wrap"><table class="table"><thead><tr><th scope="col">File</th><th scope="col">Reason</th><th scope="col">Since</th>
          <th scope="col">Actions</th></tr></thead><tbody>${this.quarantined.map(q => html`<tr>
          <td><code>${q.file}</code></td><td><span class="field-error small">${q.reason}</span></td>
          <td class="subdued small">${new Date(q.at).toLocaleString()}</td>
          <td class="actions"><button class="button slim critical" ?disabled=${this.busy === q.file} @click=${() => this.discard(q)}>Delete</button></td>
        </tr>`)}</tbody></table></div>`) : nothing}
    </div>`;
  }
}
customElements.define('mr-plugins', Plugins);
