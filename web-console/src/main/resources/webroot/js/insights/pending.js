// A view whose REST endpoint arrives with its strategy kind: until the endpoint answers, it shows what to enable;
// once it answers, the rows it returns are listed as a plain table (the dedicated view replaces this).
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, card, banner, spinner } from '../ui.js';
import { num } from '../format.js';
import { enableFirst, notRunning } from './common.js';

export class PendingView extends View {
  static properties = { shop: { attribute: false }, rows: { state: true }, error: { state: true } };

  /** Subclasses set: heading, kind, what (plural noun), path (under /api/v1/shops/{shop}/), listKey (array in the reply). */

  updated(changed) {
    if (changed.has('shop')) this.load();
  }

  async load() {
    this.rows = undefined;
    this.error = null;
    try {
      const reply = await api('GET', `/api/v1/shops/${seg(this.shop.id)}/${this.path}`);
      this.rows = Array.isArray(reply) ? reply : reply[this.listKey] || [];
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    if (this.error) {
      return card(this.heading, notRunning(this.error) ? enableFirst(this.shop, this.kind, this.what, this.error)
        : banner('critical', `Could not load ${this.what}`, this.error.message));
    }
    if (this.rows === undefined) return card(this.heading, spinner());
    if (!this.rows.length) return card(this.heading, html`<p class="subdued">No ${this.what} to show.</p>`);
    const columns = [...new Set(this.rows.flatMap(r => Object.keys(r)))].filter(c => typeof this.rows[0][c] !== 'object');
    return card(this.heading, html`<div class="table-wrap"><table class="table"><thead><tr>${columns.map(c => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>${this.rows.slice(0, 200).map(r => html`<tr>${columns.map(c => html`<td>${typeof r[c] === 'number' ? num(r[c]) : r[c] ?? '—'}</td>`)}</tr>`)}</tbody></table></div>
      ${this.rows.length > 200 ? html`<p class="subdued small">First 200 of ${num(this.rows.length)}.</p>` : nothing}`);
  }
}
