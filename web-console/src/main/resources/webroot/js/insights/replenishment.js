// Replenishment: what to reorder, most urgent first (GET …/replenishment), and the inventory policy behind it
// (GET/PUT …/replenishment/settings) for the whole shop or one product.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, card, badge, banner, spinner, toast, toastError } from '../ui.js';
import { num, units, chance, ago, dateTime, pct } from '../format.js';
import { catalog, enableFirst, notRunning, textField, numberOrText, errorsByField } from './common.js';

const POLICY = [
  { key: 'lead_time_days', label: 'Lead time (days)', inputmode: 'numeric',
    help: 'Days from placing an order to the goods being sellable (0–365).' },
  { key: 'service_level', label: 'Service level', inputmode: 'decimal',
    help: 'Chance of not running out before the next delivery, 0.5–0.9999 (0.95 = 95 %). Higher means more safety stock.' },
  { key: 'review_period_days', label: 'Review period (days)', inputmode: 'numeric',
    help: 'Days between two ordering decisions (1–365); an order covers them too.' },
  { key: 'min_order_quantity', label: 'Minimum order (units)', inputmode: 'numeric',
    help: "The supplier's minimum order quantity (at least 1)." },
];
const KEYS = POLICY.map(f => f.key);

/** Stock-out risk → badge tone: the table's first column to scan. */
function riskTone(risk) {
  if (risk === null || risk === undefined) return 'neutral';
  return risk >= 0.5 ? 'critical' : risk >= 0.2 ? 'warning' : risk >= 0.05 ? 'info' : 'success';
}

function cover(days) {
  if (days === null || days === undefined) return html`<span class="subdued" title="The forecast expects no sales">no demand</span>`;
  if (days >= 365) return '> 1 year';
  return `${units(days)} days`;
}

class ReplenishmentView extends View {
  static properties = { shop: { attribute: false }, plan: { state: true }, error: { state: true },
    reorderOnly: { state: true }, limit: { state: true }, busy: { state: true } };

  constructor() {
    super();
    this.reorderOnly = false;
    this.limit = 100;
  }

  updated(changed) {
    if (changed.has('shop')) this.load();
  }

  async load() {
    this.busy = true;
    try {
      this.plan = await api('GET', `/api/v1/shops/${seg(this.shop.id)}/replenishment?limit=${this.limit}&reorder_only=${this.reorderOnly}`);
      this.error = null;
    } catch (e) {
      this.error = e;
      this.plan = undefined;
    } finally {
      this.busy = false;
    }
  }

  setReorderOnly(value) {
    this.reorderOnly = value;
    this.load();
  }

  render() {
    const toggle = html`<label class="switch"><input type="checkbox" role="switch" name="reorder_only"
      .checked=${this.reorderOnly} @change=${e => this.setReorderOnly(e.target.checked)}><span class="slider" aria-hidden="true"></span>
      <span>Only products to reorder</span></label>`;
    let body;
    if (this.error) {
      body = notRunning(this.error) ? enableFirst(this.shop, 'forecaster', 'replenishment plans', this.error)
        : banner('critical', 'Could not plan replenishment', this.error.message);
    } else if (this.plan === undefined) {
      body = spinner('Forecasting every product…');
    } else {
      body = this.renderPlan(this.plan);
    }
    return html`${card('Replenishment', body, { actions: this.error ? nothing : toggle, cls: 'replenishment' })}
      <mr-replenishment-settings .shop=${this.shop} @settings-saved=${() => this.load()}></mr-replenishment-settings>`;
  }

  renderPlan(plan) {
    const rows = plan.products;
    const stats = html`<div class="stats-row compact-stats">
      <div class="stat"><span class="stat-label">Products planned</span><span class="stat-value">${num(plan.products_planned)}</span></div>
      <div class="stat"><span class="stat-label">To order now</span><span class="stat-value">${num(plan.products_to_order)}</span>
        <span class="stat-note">at or below their reorder point</span></div>
      <div class="stat"><span class="stat-label">Forecaster</span><span class="stat-value small-value"><code>${plan.forecaster}</code></span>
        <span class="stat-note" title=${dateTime(plan.trained_at)}>model ${num(plan.model_version)}, trained ${ago(plan.trained_at)}</span></div>
    </div>`;
    if (!rows.length) {
      return html`${stats}<p class="subdued">${this.reorderOnly
        ? 'Nothing to reorder now: every product is above its reorder point. Switch off "Only products to reorder" to see them all.'
        : 'The forecaster has no product to plan yet. Train it after orders arrived (Strategies → Demand forecasting).'}</p>`;
    }
    const base = `#/shops/${encodeURIComponent(this.shop.id)}/insights/forecast/`;
    return html`${stats}
      ${this.busy ? spinner('Updating…') : nothing}
      <div class="table-wrap"><table class="table replenishment-table">
        <caption class="visually-hidden">Products by stock-out risk, most urgent first</caption>
        <thead><tr><th scope="col">Product</th><th scope="col" class="num">On hand</th>
          <th scope="col" class="num" title="Expected units sold during the lead time">Lead-time demand</th>
          <th scope="col" class="num">Safety stock</th><th scope="col" class="num">Reorder point</th>
          <th scope="col" class="num">Order quantity</th><th scope="col" class="num">Days of cover</th>
          <th scope="col" class="num">Stock-out risk</th></tr></thead>
        <tbody>${rows.map(r => html`<tr data-product=${r.product_id} data-risk=${r.stockout_risk ?? ''} data-order=${r.order_quantity ?? ''}>
          <td><a href="${base}${encodeURIComponent(r.product_id)}" title="Open the forecast">${r.title || r.product_id}</a>
            <div class="subdued small"><code>${r.product_id}</code> · ${r.model}</div></td>
          <td class="num">${r.on_hand === null ? html`<span class="subdued" title="No inventory snapshot yet">unknown</span>` : num(r.on_hand)}</td>
          <td class="num">${units(r.forecast_lead_time_demand)}<div class="subdued small">over ${num(r.lead_time_days)} days</div></td>
          <td class="num">${units(r.safety_stock)}<div class="subdued small">${pct(r.service_level)} service</div></td>
          <td class="num">${units(r.reorder_point)}</td>
          <td class="num">${r.order_quantity === null ? '—' : r.order_quantity > 0
            ? html`<strong>${num(r.order_quantity)}</strong> ${badge('order', 'warning')}` : html`<span class="subdued">0</span>`}</td>
          <td class="num">${cover(r.days_of_cover)}</td>
          <td class="num">${badge(chance(r.stockout_risk), riskTone(r.stockout_risk))}</td>
        </tr>`)}</tbody></table></div>
      <p class="subdued small">Showing ${num(rows.length)} of ${num(plan.total)} ${this.reorderOnly ? 'products to reorder' : 'products'},
        most urgent first. Stock-out risk is the chance that demand during the lead time exceeds what is on hand.
        ${plan.total > rows.length ? html`<button class="button plain" @click=${() => { this.limit = 10000; this.load(); }}>Show all</button>` : nothing}</p>`;
  }
}
customElements.define('mr-insight-replenishment', ReplenishmentView);

/** The inventory policy: the shop's, or one product's overrides (blank = the shop's value). */
class ReplenishmentSettings extends View {
  static properties = { shop: { attribute: false }, settings: { state: true }, products: { state: true },
    scope: { state: true }, values: { state: true }, errors: { state: true }, busy: { state: true }, loadFailed: { state: true } };

  constructor() {
    super();
    this.scope = '';
    this.values = {};
    this.errors = {};
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}/replenishment/settings`;
  }

  updated(changed) {
    if (changed.has('shop')) {
      this.load();
      catalog(this.shop.id).then(p => { this.products = p.filter(x => !x.hidden); }).catch(() => { this.products = []; });
    }
  }

  async load() {
    try {
      this.settings = await api('GET', this.base);
      this.loadFailed = null;
      this.fill();
    } catch (e) {
      this.loadFailed = e;
    }
  }

  /** Form values for the chosen scope: the shop's policy, or the product's own overrides only. */
  fill() {
    const source = this.scope ? this.settings.products[this.scope] || {} : this.settings;
    this.values = Object.fromEntries(KEYS.filter(k => source[k] !== undefined).map(k => [k, String(source[k])]));
    this.errors = {};
  }

  choose(scope) {
    this.scope = scope;
    this.fill();
  }

  async save(e) {
    e.preventDefault();
    const policy = {};
    const missing = {};
    for (const k of KEYS) {
      const v = numberOrText(this.values[k]);
      if (v !== undefined) policy[k] = v;
      else if (!this.scope) missing[k] = 'enter a value: the shop policy needs every field';
    }
    if (Object.keys(missing).length) {
      this.errors = missing;
      toast('Fix the highlighted fields, then save again.', 'critical');
      return;
    }
    // A product keeps only the keys filled in; blank ones follow the shop. The API merges a product's keys, so
    // clearing one means: store the new values (validated, nothing changes on a 400), then replace the whole set.
    const body = this.scope ? { products: { [this.scope]: Object.keys(policy).length ? policy : null } } : policy;
    const previous = this.scope ? this.settings.products[this.scope] : null;
    const cleared = previous && Object.keys(policy).length && KEYS.some(k => previous[k] !== undefined && policy[k] === undefined);
    this.busy = true;
    try {
      this.settings = await api('PUT', this.base, body);
      if (cleared) {
        await api('PUT', this.base, { products: { [this.scope]: null } });
        this.settings = await api('PUT', this.base, body);
      }
      this.fill();
      toast(this.scope ? `Saved the policy of ${this.scope}.` : 'Saved the shop\'s replenishment policy.');
      this.dispatchEvent(new CustomEvent('settings-saved'));
    } catch (err) {
      this.errors = errorsByField(err, KEYS, this.scope ? `products.${this.scope}.` : '');
      toastError('Not saved', err);
    } finally {
      this.busy = false;
    }
  }

  async removeOverride(id) {
    try {
      this.settings = await api('PUT', this.base, { products: { [id]: null } });
      if (this.scope === id) this.fill();
      toast(`${id} follows the shop policy again.`);
      this.dispatchEvent(new CustomEvent('settings-saved'));
    } catch (err) {
      toastError('Could not remove the override', err);
    }
  }

  render() {
    if (this.loadFailed) return card('Replenishment settings', banner('critical', 'Could not load the settings', this.loadFailed.message));
    if (!this.settings) return card('Replenishment settings', spinner());
    const overrides = Object.entries(this.settings.products || {});
    const titles = new Map((this.products || []).map(p => [p.product_id, p.title]));
    return card('Replenishment settings', html`
      <p class="subdued">How the plan above is computed. Products follow the shop policy unless they have their own values.</p>
      <form class="settings-form" @submit=${e => this.save(e)} novalidate>
        <label class="field scope"><span>Applies to</span>
          <select name="scope" @change=${e => this.choose(e.target.value)}>
            <option value="" ?selected=${!this.scope}>The whole shop</option>
            ${(this.products || []).map(p => html`<option value=${p.product_id} ?selected=${p.product_id === this.scope}>${p.title || p.product_id} (${p.product_id})${this.settings.products[p.product_id] ? ' · own policy' : ''}</option>`)}
          </select></label>
        <div class="form-grid">${POLICY.map(f => textField({ id: `replenishment-${f.key}`, name: f.key, label: f.label,
          value: this.values[f.key], error: this.errors[f.key], inputmode: f.inputmode,
          placeholder: this.scope ? `shop: ${this.settings[f.key]}` : '',
          help: this.scope ? `${f.help} Blank: the shop's ${this.settings[f.key]}.` : f.help,
          onInput: v => { this.values = { ...this.values, [f.key]: v }; this.errors = { ...this.errors, [f.key]: undefined }; } }))}</div>
        ${this.errors[''] ? banner('critical', 'The node refused the settings', this.errors['']) : nothing}
        <div class="form-actions"><button class="button primary" type="submit" ?disabled=${this.busy}>Save policy</button>
          ${this.scope && this.settings.products[this.scope] ? html`<button type="button" class="button"
            @click=${() => this.removeOverride(this.scope)}>Use the shop policy</button>` : nothing}</div>
      </form>
      ${overrides.length ? html`<h3 class="section-title">Products with their own policy</h3>
        <div class="table-wrap"><table class="table compact"><thead><tr><th scope="col">Product</th>${POLICY.map(f => html`<th scope="col" class="num">${f.label}</th>`)}<th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${overrides.map(([id, o]) => html`<tr><td>${titles.get(id) || id} <span class="subdued small"><code>${id}</code></span></td>
          ${KEYS.map(k => html`<td class="num">${o[k] ?? html`<span class="subdued">shop</span>`}</td>`)}
          <td class="actions"><button class="button slim" @click=${() => this.choose(id)}>Edit</button><button class="button slim"
            @click=${() => this.removeOverride(id)}>Remove</button></td></tr>`)}</tbody></table></div>` : nothing}`,
    { cls: 'replenishment-settings' });
  }
}
customElements.define('mr-replenishment-settings', ReplenishmentSettings);
