// Recommendations preview: what the shop's recommender answers for a customer or a product, with its reasons.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, card, badge, banner, spinner, toastError } from '../ui.js';
import { num, money } from '../format.js';
import { catalog, recentCustomers, enableFirst, notRunning } from './common.js';

class RecommendationsView extends View {
  static properties = { shop: { attribute: false }, products: { state: true }, customers: { state: true },
    mode: { state: true }, result: { state: true }, error: { state: true }, busy: { state: true } };

  constructor() {
    super();
    this.mode = 'customer';
  }

  updated(changed) {
    if (changed.has('shop')) {
      this.result = null;
      this.error = null;
      catalog(this.shop.id).then(p => { this.products = p; }).catch(e => toastError('Could not load the catalog', e));
      recentCustomers(this.shop.id).then(c => { this.customers = c; }).catch(() => { this.customers = []; });
    }
  }

  async preview(e) {
    e.preventDefault();
    const form = e.target;
    const id = form.subject.value.trim();
    if (!id) {
      this.error = { message: `Enter a ${this.mode} id.`, status: 400 };
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      this.result = await api('GET', `/api/v1/shops/${seg(this.shop.id)}/recommendations?${this.mode}=${encodeURIComponent(id)}&limit=${form.limit.value}`);
      this.result.subject = id;
    } catch (err) {
      this.result = null;
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const byId = new Map((this.products || []).map(p => [p.product_id, p]));
    const suggestions = this.mode === 'customer' ? this.customers || [] : (this.products || []).map(p => p.product_id);
    return html`${card('Preview recommendations', html`
      <form class="inline-form" @submit=${e => this.preview(e)}>
        <fieldset class="segmented"><legend class="visually-hidden">Recommend for</legend>
          ${['customer', 'product'].map(m => html`<label><input type="radio" name="mode" value=${m} .checked=${this.mode === m}
            @change=${() => { this.mode = m; }}> For a ${m}</label>`)}</fieldset>
        <label class="field"><span>${this.mode === 'customer' ? 'Customer id' : 'Product id'}</span>
          <input name="subject" list="rec-subjects" autocomplete="off" placeholder=${suggestions[0] || ''}></label>
        <datalist id="rec-subjects">${suggestions.map(s => html`<option value=${s}>${byId.get(s)?.title || ''}</option>`)}</datalist>
        <label class="field narrow"><span>How many</span><select name="limit">${[5, 10, 20].map(n => html`<option ?selected=${n === 10}>${n}</option>`)}</select></label>
        <button class="button primary" type="submit" ?disabled=${this.busy}>Preview</button>
      </form>`)}
      ${this.busy ? spinner('Asking the recommender…') : nothing}
      ${this.error ? notRunning(this.error) && this.error.status === 409
        ? card(null, enableFirst(this.shop, 'recommender', 'recommendations', this.error))
        : banner('critical', 'No recommendations', this.error.message) : nothing}
      ${this.result ? this.renderResult(byId) : nothing}`;
  }

  renderResult(byId) {
    const r = this.result;
    const strategies = new Set(r.items.map(i => i.strategy).filter(Boolean));
    return card(`For ${this.mode} ${r.subject}`, html`${r.fallback ? this.fallbackBanner(r) : nothing}
      ${r.items.length === 0
      ? html`<p class="subdued">The recommender has nothing to suggest here (everything relevant may be hidden, out of stock or already bought).</p>`
      : html`<p class="subdued small">Answered by <code>${r.strategy}</code>${r.fallback ? ' (a fallback)' : ' (the bound recommender)'}
          ${strategies.size > 1 ? html` with items from ${[...strategies].map((s, i) => html`${i ? ', ' : ''}<code>${s}</code>`)}` : nothing}
          · recommendation id <code>${r.recommendation_id}</code></p>
        <div class="table-wrap"><table class="table recs"><thead><tr><th scope="col" class="num">#</th><th scope="col">Product</th>
          <th scope="col" class="num">Price</th><th scope="col" class="num">Score</th><th scope="col">Why</th><th scope="col">Strategy</th></tr></thead>
        <tbody>${r.items.map((item, i) => {
          const p = byId.get(item.product_id);
          return html`<tr><td class="num">${i + 1}</td><td>${p?.title || item.product_id}<div class="subdued small"><code>${item.product_id}</code>${p?.category ? ` · ${p.category}` : ''}</div></td>
            <td class="num">${p ? money(p.price, p.currency) : '—'}</td><td class="num">${num(item.score)}</td><td>${item.reason || '—'}</td>
            <td><code>${item.strategy || r.strategy}</code>${item.strategy && item.strategy !== r.strategy ? html` ${badge('filled in', 'neutral')}` : nothing}</td></tr>`;
        })}</tbody></table></div>`}`);
  }

  /** Why the bound recommender did not answer: "no history" when every skipped strategy had nothing to say. */
  fallbackBanner(r) {
    const skipped = r.skipped || [];
    const noHistory = skipped.length > 0 && skipped.every(s => /^nothing for/i.test(s.reason || ''));
    const why = noHistory ? `this ${this.mode} has no history` : skipped.length
      ? skipped.map(s => `${s.strategy}: ${s.reason}`).join('; ') : 'the bound recommender could not answer';
    return banner('warning', html`Served by the fallback ${r.strategy} — ${why}`,
      noHistory ? html`Recommenders that learn from behaviour need this ${this.mode}'s events first; the shop's fallback chain
        (<code>recommendation_fallback</code> in the serving settings) answered instead.`
        : html`Check the recommender under <a href="#/shops/${encodeURIComponent(this.shop.id)}/strategies">Strategies</a> (trained? enabled?).`);
  }
}
customElements.define('mr-insight-recommendations', RecommendationsView);
