// Pricing: suggestions waiting for approval (GET …/pricing/suggestions, approve/reject), and per product the
// agent's prices and revenue over time, its current demand-curve estimate and "decide now" (…/pricing/{product}).
import { html, nothing } from 'lit';
import uPlot from 'uplot';
import { api, seg } from '../api.js';
import { View, card, badge, banner, emptyState, spinner, toast, toastError } from '../ui.js';
import { num, money, units, change, ago, dayMonth, dateTime } from '../format.js';
import { catalog, currencyOf, enableFirst, notRunning, recentBestSellers } from './common.js';

const SOURCE = { api: 'reported', events: 'from orders' };
const unitsText = n => `${units(n)} unit${n === 1 ? '' : 's'}`;
const STATUS_TONE = { pending: 'warning', active: 'success', observed: 'info', rejected: 'neutral', expired: 'neutral' };
/** Decisions whose price took effect (a rejected or expired suggestion never did). */
const TOOK_EFFECT = new Set(['active', 'observed']);

class PricingView extends View {
  static properties = { shop: { attribute: false }, requested: {}, binding: { state: true }, bindingError: { state: true },
    suggestions: { state: true }, suggestionsError: { state: true }, products: { state: true }, acting: { state: true } };

  constructor() {
    super();
    this.acting = new Set();
  }

  updated(changed) {
    if (changed.has('shop')) {
      catalog(this.shop.id).then(p => { this.products = p; }).catch(e => toastError('Could not load the catalog', e));
      this.load();
    }
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}`;
  }

  async load() {
    try {
      this.binding = await api('GET', `${this.base}/strategies/pricing`);
      this.bindingError = null;
    } catch (e) {
      this.binding = null;
      this.bindingError = e;
    }
    await this.loadSuggestions();
  }

  async loadSuggestions() {
    try {
      this.suggestions = (await api('GET', `${this.base}/pricing/suggestions`)).suggestions;
      this.suggestionsError = null;
    } catch (e) {
      this.suggestionsError = e;
    }
  }

  product(id) {
    return (this.products || []).find(p => p.product_id === id);
  }

  /** Approve or reject one suggestion; the product card below refreshes if it shows that product. */
  async act(decision, verb) {
    this.acting = new Set([...this.acting, decision.decision_id]);
    const p = this.product(decision.product_id);
    const name = p?.title || decision.product_id;
    const currency = p?.currency;
    try {
      const d = await api('POST', `${this.base}/pricing/suggestions/${seg(decision.decision_id)}/${verb}`);
      if (verb === 'approve') {
        toast(d.applied ? `Approved: ${name} now sells at ${money(d.price, currency)}.`
          : `Approved ${money(d.price, currency)} for ${name}; the catalog has no such product, so only the decision changed.`);
      } else {
        toast(`Rejected: ${name} stays at ${money(decision.previous_price, currency)}.`);
      }
      this.querySelector('mr-pricing-product')?.refresh(decision.product_id);
    } catch (e) {
      toastError(`Could not ${verb} the suggestion for ${name}`, e);
    } finally {
      const next = new Set(this.acting);
      next.delete(decision.decision_id);
      this.acting = next;
      this.loadSuggestions();
    }
  }

  render() {
    if (this.bindingError) {
      return card('Pricing', notRunning(this.bindingError) ? enableFirst(this.shop, 'pricing', 'price decisions', this.bindingError)
        : banner('critical', 'Could not load the pricing strategy', this.bindingError.message));
    }
    if (!this.binding) return card('Pricing', spinner());
    if (!this.binding.enabled) {
      return card('Pricing', enableFirst(this.shop, 'pricing', 'price decisions',
        { message: `the pricing strategy ${this.binding.strategy} is switched off` }));
    }
    const mode = this.binding.config?.mode || 'auto';
    return html`${card(html`Price suggestions ${this.suggestions?.length ? badge(num(this.suggestions.length), 'warning') : nothing}`,
      this.renderSuggestions(mode), { cls: 'suggestions-card', actions: html`<span class="subdued small">Agent <code>${this.binding.strategy}</code>,
        ${mode === 'suggest' ? 'suggest mode: prices wait for your approval' : 'auto mode: prices apply at once'}</span>` })}
      <mr-pricing-product .shop=${this.shop} .products=${this.products} .requested=${this.requested} .mode=${mode}
        @decided=${() => this.loadSuggestions()}></mr-pricing-product>`;
  }

  renderSuggestions(mode) {
    if (this.suggestionsError) return banner('critical', 'Could not load the suggestions', this.suggestionsError.message);
    if (!this.suggestions) return spinner();
    if (!this.suggestions.length) {
      return mode === 'suggest'
        ? emptyState('No suggestions waiting', 'Choose a product below and press "Decide now", or let your shop call the decide endpoint: each new price appears here for approval.')
        : emptyState('Nothing to approve in auto mode', html`The agent's prices take effect at once. To approve each price first, set
            <code>mode</code> to <code>suggest</code> under <a href="#/shops/${encodeURIComponent(this.shop.id)}/strategies">Strategies</a> (Pricing).`);
    }
    return html`<div class="table-wrap"><table class="table suggestions-table"><thead><tr><th scope="col">Product</th>
      <th scope="col" class="num">Now</th><th scope="col" class="num">Suggested</th><th scope="col" class="num">Change</th>
      <th scope="col" class="num">Expected per period</th><th scope="col">Why</th><th scope="col">When</th>
      <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${this.suggestions.map(d => {
        const p = this.product(d.product_id);
        const busy = this.acting.has(d.decision_id);
        return html`<tr data-decision=${d.decision_id}>
          <td><a href="#/shops/${encodeURIComponent(this.shop.id)}/insights/pricing/${encodeURIComponent(d.product_id)}">${p?.title || d.product_id}</a>
            <div class="subdued small"><code>${d.product_id}</code></div></td>
          <td class="num">${money(d.previous_price, p?.currency)}</td>
          <td class="num"><strong>${money(d.price, p?.currency)}</strong></td>
          <td class="num">${change(d.previous_price, d.price)}</td>
          <td class="num">${d.expected_units === null ? html`<span class="subdued">not known yet</span>`
            : html`${unitsText(d.expected_units)}<div class="subdued small">${money(d.expected_revenue, p?.currency)} revenue</div>`}</td>
          <td class="small">${d.exploring ? badge('exploring', 'info') : badge('best known', 'success')} ${d.explanation}</td>
          <td class="nowrap" title=${dateTime(d.decided_at)}>${ago(d.decided_at)}</td>
          <td class="actions"><button class="button primary slim" ?disabled=${busy} @click=${() => this.act(d, 'approve')}>Approve</button><button
            class="button slim" ?disabled=${busy} @click=${() => this.act(d, 'reject')}>Reject</button></td>
        </tr>`;
      })}</tbody></table></div>`;
  }
}
customElements.define('mr-insight-pricing', PricingView);

/** One product's agent: price and revenue over time, the estimated demand curve, decide now, decisions. */
class PricingProduct extends View {
  static properties = { shop: { attribute: false }, products: { attribute: false }, requested: {}, mode: {},
    product: { state: true }, agent: { state: true }, error: { state: true }, busy: { state: true }, deciding: { state: true } };

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}/pricing`;
  }

  updated(changed) {
    if (changed.has('requested') && this.requested && this.requested !== this.product) {
      this.product = this.requested;
      this.load();
    } else if (changed.has('products') && this.products?.length && !this.product) {
      // Start with a recent best seller: the product most worth pricing well.
      recentBestSellers(this.shop.id).catch(() => []).then(best => {
        if (this.product) return;
        const known = new Set(this.products.filter(p => !p.hidden).map(p => p.product_id));
        this.product = best.find(id => known.has(id)) || this.products[0].product_id;
        this.load();
      });
    }
  }

  /** Reloads when `productId` (or any, when omitted) is the product shown. */
  refresh(productId) {
    if (!productId || productId === this.product) this.load();
  }

  choose(id) {
    this.product = id;
    history.replaceState(null, '', `#/shops/${encodeURIComponent(this.shop.id)}/insights/pricing/${encodeURIComponent(id)}`);
    this.load();
  }

  async load() {
    if (!this.product) return;
    this.busy = true;
    try {
      this.agent = await api('GET', `${this.base}/${seg(this.product)}?limit=100`);
      this.error = null;
    } catch (e) {
      this.agent = null;
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  async decide() {
    this.deciding = true;
    const p = (this.products || []).find(x => x.product_id === this.product);
    const name = p?.title || this.product;
    try {
      const d = await api('POST', `${this.base}/${seg(this.product)}/decide`);
      const price = money(d.price, p?.currency);
      if (d.status === 'pending') {
        toast(`Suggested ${price} for ${name} (${change(d.previous_price, d.price)}): approve or reject it above.`);
      } else {
        toast(`${name} now sells at ${price} (${change(d.previous_price, d.price)}).`);
      }
      this.dispatchEvent(new CustomEvent('decided'));
      await this.load();
    } catch (e) {
      toastError(`Could not decide a price for ${name}`, e);
    } finally {
      this.deciding = false;
    }
  }

  render() {
    const products = (this.products || []).filter(p => !p.hidden || p.product_id === this.product);
    const p = products.find(x => x.product_id === this.product);
    const controls = html`<form class="inline-form" @submit=${e => { e.preventDefault(); this.decide(); }}>
      <label class="field"><span>Product</span><select name="product" @change=${e => this.choose(e.target.value)}>
        ${p || !this.product ? nothing : html`<option value=${this.product} selected>${this.product}</option>`}
        ${products.map(x => html`<option value=${x.product_id} ?selected=${x.product_id === this.product}>${x.title || x.product_id} (${x.product_id})</option>`)}
      </select></label>
      <button class="button primary" type="submit" ?disabled=${this.deciding || !this.product}>${this.deciding ? 'Deciding…' : 'Decide now'}</button>
    </form>
    <p class="help">"Decide now" asks the agent for the next period's price${this.mode === 'suggest' ? '; it waits above for your approval' : ' and applies it at once (auto mode)'}.</p>`;
    let body = nothing;
    if (this.products && !products.length) {
      body = html`<p class="subdued">No products in the catalog yet: upload products under Data.</p>`;
    } else if (this.error) {
      body = this.error.status === 404
        ? emptyState('No pricing agent for this product yet', 'Press "Decide now": the first decision starts the agent, with candidate prices around the current price.')
        : notRunning(this.error) ? enableFirst(this.shop, 'pricing', 'price decisions', this.error)
          : banner('critical', 'Could not load the pricing agent', this.error.message);
    } else if (this.agent) {
      body = this.renderAgent(this.agent, p?.currency);
    } else if (this.busy) {
      body = spinner();
    }
    return html`${card(p ? `Pricing of ${p.title || p.product_id}` : 'Pricing per product', html`${controls}${body}`, { cls: 'pricing-product' })}
      ${this.agent ? this.renderHistory(this.agent, p?.currency) : nothing}`;
  }

  renderAgent(a, currency) {
    const observed = a.history.filter(d => d.status === 'observed');
    const revenue = observed.reduce((sum, d) => sum + (d.outcome?.revenue || 0), 0);
    return html`<div class="stats-row compact-stats">
        <div class="stat"><span class="stat-label">Current price</span><span class="stat-value">${money(a.current_price, currency)}</span>
          <span class="stat-note">list price ${money(a.list_price, currency)}</span></div>
        <div class="stat"><span class="stat-label">Periods learned</span><span class="stat-value">${num(a.observations)}</span>
          <span class="stat-note">agent started ${ago(a.started_at)}</span></div>
        <div class="stat"><span class="stat-label">Revenue observed</span><span class="stat-value">${money(revenue, currency)}</span>
          <span class="stat-note">over the ${num(observed.length)} period${observed.length === 1 ? '' : 's'} shown</span></div>
        <div class="stat"><span class="stat-label">Agent</span><span class="stat-value small-value"><code>${a.strategy}</code></span>
          <span class="stat-note">state version ${num(a.state_version)}</span></div>
      </div>
      <div class="insight-grid">
        <div><h3 class="section-title">Price and revenue over time</h3>${this.timeline(a, currency)}</div>
        <div><h3 class="section-title">Estimated demand curve</h3>${this.curve(a, currency)}</div>
      </div>
      ${this.curveTable(a, currency)}`;
  }

  /** Prices that took effect (a step line) and each period's revenue: observed, and what the agent expected. */
  timeline(a, currency) {
    const decisions = a.history.filter(d => TOOK_EFFECT.has(d.status)).slice().reverse();
    if (decisions.length < 2) {
      return html`<p class="subdued chart-placeholder">The chart appears once two of the agent's prices have taken effect
        (${num(decisions.length)} so far).${this.mode === 'suggest' ? ' Approve suggestions to put them in effect.' : ''}</p>`;
    }
    // One step per period (periods are a day, or until the next price took effect), labelled with its start: an
    // even axis however irregular the approvals were.
    const xs = decisions.map((d, i) => i + 1);
    const startOf = i => decisions[Math.round(i) - 1]?.period_start || decisions[Math.round(i) - 1]?.decided_at;
    const fmt = v => (v === null || v === undefined ? '—' : money(v, currency));
    const config = {
      label: `Price and revenue per period of ${a.product_id}: ${decisions.length} periods`,
      data: [xs, decisions.map(d => d.price), decisions.map(d => d.outcome?.revenue ?? null), decisions.map(d => d.expected_revenue)],
      options: {
        height: 260,
        scales: { x: { time: false }, revenue: { range: (u, min, max) => [0, (max || 1) * 1.1] } },
        series: [{ label: 'Period', value: (u, v) => (v === null || v === undefined ? '—' : `#${v}, ${dateTime(startOf(v))}`) },
          { label: 'Price', stroke: '#303030', width: 2, scale: 'price', paths: uPlot.paths.stepped({ align: 1 }), value: (u, v) => fmt(v) },
          { label: 'Revenue', stroke: '#008060', width: 0, scale: 'revenue', points: { show: true, size: 8, fill: '#008060' }, value: (u, v) => fmt(v) },
          { label: 'Expected revenue', stroke: '#8c52ff', width: 1.5, dash: [5, 4], scale: 'revenue', spanGaps: true, value: (u, v) => fmt(v) }],
        axes: [{ label: 'period starting', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500], space: 60,
          values: (u, vals) => vals.map(v => (Number.isInteger(v) && startOf(v) ? dayMonth(startOf(v)) : '')) },
          { scale: 'price', label: 'price', values: (u, vals) => vals.map(v => money(v, currency)), size: 70 },
          { scale: 'revenue', side: 1, label: 'revenue per period', grid: { show: false }, values: (u, vals) => vals.map(v => num(v)), size: 60 }],
      },
    };
    return html`<mr-chart class="pricing-timeline" .config=${config}></mr-chart>`;
  }

  /** Units per period by candidate price: posterior mean with its 90 % interval, and the expected revenue. */
  curve(a, currency) {
    const points = a.demand_curve;
    if (!points.some(c => c.mean_units !== null)) {
      return html`<p class="subdued chart-placeholder">No sales observed at any candidate price yet: the curve fills in as periods end
        and their sales are learned.</p>`;
    }
    const col = key => points.map(c => c[key]);
    const faint = { width: 0, points: { show: false } };
    const config = {
      label: `Estimated demand of ${a.product_id} at ${points.length} candidate prices`,
      data: [col('price'), col('mean_units'), col('lower_units'), col('upper_units'), col('expected_revenue')],
      options: {
        height: 260,
        scales: { x: { time: false }, revenue: { range: (u, min, max) => [0, (max || 1) * 1.1] },
          y: { range: (u, min, max) => [0, (max || 1) * 1.1] } },
        series: [{ label: 'Price', value: (u, v) => money(v, currency) },
          { label: 'Units per period', stroke: '#2c6ecb', width: 2, points: { show: true, size: 7 }, value: (u, v) => (v === null || v === undefined ? '—' : units(v)) },
          { label: '90% low', ...faint }, { label: '90% high', ...faint },
          { label: 'Expected revenue', stroke: '#008060', width: 1.5, dash: [5, 4], scale: 'revenue', value: (u, v) => (v === null ? '—' : money(v, currency)) }],
        bands: [{ series: [3, 2], fill: 'rgba(44,110,203,0.15)' }],
        axes: [{ values: (u, vals) => vals.map(v => money(v, currency)), size: 40 },
          { label: 'units per period', values: (u, vals) => vals.map(v => num(v)) },
          { scale: 'revenue', side: 1, label: 'revenue', grid: { show: false }, values: (u, vals) => vals.map(v => num(v)), size: 60 }],
      },
    };
    return html`<mr-chart class="pricing-curve" .config=${config}></mr-chart>`;
  }

  curveTable(a, currency) {
    const current = a.current_price;
    return html`<details class="advanced curve-details"><summary>Candidate prices (${num(a.demand_curve.length)})</summary>
      <div class="table-wrap"><table class="table compact"><thead><tr><th scope="col" class="num">Price</th><th scope="col" class="num">Periods</th>
        <th scope="col" class="num">Units per period</th><th scope="col" class="num">90 % interval</th>
        <th scope="col" class="num">Expected revenue</th><th scope="col" class="num">Expected profit</th></tr></thead>
      <tbody>${a.demand_curve.map(c => html`<tr class=${Math.abs(c.price - current) < 0.005 ? 'current-row' : ''}>
        <td class="num">${money(c.price, currency)} ${Math.abs(c.price - current) < 0.005 ? badge('current', 'info') : nothing}</td>
        <td class="num">${num(c.observations)}</td>
        <td class="num">${c.mean_units === null ? html`<span class="subdued">not tried</span>` : units(c.mean_units)}</td>
        <td class="num">${c.lower_units === null ? '—' : `${units(c.lower_units)} – ${units(c.upper_units)}`}</td>
        <td class="num">${money(c.expected_revenue, currency)}</td><td class="num">${money(c.expected_profit, currency)}</td></tr>`)}</tbody></table></div>
    </details>`;
  }

  renderHistory(a, currency) {
    if (!a.history.length) return nothing;
    return card('Decisions', html`<div class="table-wrap"><table class="table decisions-table"><thead><tr><th scope="col">Decided</th>
      <th scope="col" class="num">Price</th><th scope="col" class="num">Change</th><th scope="col">Status</th>
      <th scope="col" class="num">Sold</th><th scope="col">Why</th></tr></thead>
      <tbody>${a.history.map(d => html`<tr>
        <td class="nowrap" title=${dateTime(d.decided_at)}>${ago(d.decided_at)}</td>
        <td class="num">${money(d.price, currency)}</td><td class="num">${change(d.previous_price, d.price)}</td>
        <td>${badge(d.status, STATUS_TONE[d.status] || 'neutral')}</td>
        <td class="num">${d.outcome ? html`${unitsText(d.outcome.units)}<div class="subdued small">${money(d.outcome.revenue, currency)} · ${SOURCE[d.outcome.source] || d.outcome.source}</div>`
          : html`<span class="subdued">${d.status === 'active' ? 'period running' : '—'}</span>`}</td>
        <td class="small">${d.explanation}</td></tr>`)}</tbody></table></div>`, { cls: 'decisions-card' });
  }
}
customElements.define('mr-pricing-product', PricingProduct);
