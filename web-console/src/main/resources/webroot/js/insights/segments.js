// Customer profiles: the profiler's segments and RFM group sizes (GET …/segments), one customer's profile
// (GET …/customers/{id}/profile) and the audience builder (POST …/audiences/preview and /export).
import { html, nothing } from 'lit';
import { api, apiBlob, seg } from '../api.js';
import { View, card, badge, banner, spinner, toast, toastError } from '../ui.js';
import { num, money, units, chance, pct, ago, date, dateTime } from '../format.js';
import { catalog, currencyOf, recentCustomers, enableFirst, notRunning, textField, numberOrText, errorsByField, download }
  from './common.js';
import { summarize, rawFigures } from '../training-summary.js';

/** The eleven RFM groups in the order merchants read them (best first), with what they mean (profiling.md). */
export const RFM_GROUPS = [
  ['CHAMPIONS', 'Champions', 'very recent purchases, many orders, the most spend', 'success'],
  ['LOYAL', 'Loyal', 'recent purchases, many orders, the most spend', 'success'],
  ['ACTIVE', 'Active', 'recent purchases, some orders, moderate spend', 'info'],
  ['NEW', 'New', 'very recent first purchases, low spend', 'info'],
  ['PROMISING', 'Promising', 'recent purchases, few orders, low spend', 'info'],
  ['NEEDS_ATTENTION', 'Needs attention', 'some orders and spend, slipping', 'warning'],
  ['AT_RISK', 'At risk', 'no recent purchase, strong history', 'warning'],
  ['PREVIOUSLY_LOYAL', 'Previously loyal', 'no purchase for a long time, very strong history', 'critical'],
  ['ALMOST_LOST', 'Almost lost', 'no recent purchase, fewer orders, lower spend', 'critical'],
  ['DORMANT', 'Dormant', 'no purchase for a long time, infrequent and low spend', 'critical'],
  ['PROSPECTS', 'Prospects', 'an account with events but no order yet', 'neutral'],
];
const GROUP = new Map(RFM_GROUPS.map(([id, name, meaning, tone]) => [id, { name, meaning, tone }]));

export function groupBadge(id) {
  const g = GROUP.get(id);
  return g ? html`<span title=${g.meaning}>${badge(g.name, g.tone)}</span>` : badge(id || '—');
}

/** Horizontal bars: label, a bar proportional to the share, and the figures (the bar itself is decoration). */
function bars(rows, { tone = () => 'info', action } = {}) {
  const max = Math.max(...rows.map(r => r.share), 0.0001);
  return html`<ul class="bars">${rows.map(r => html`<li>
    <div class="bar-label">${r.label}${r.note ? html`<div class="subdued small">${r.note}</div>` : nothing}</div>
    <div class="bar-track" aria-hidden="true"><div class="bar-fill bar-${tone(r)}" style="width:${Math.max(r.size ? 1.5 : 0, 100 * r.share / max)}%"></div></div>
    <div class="bar-value"><strong>${num(r.size)}</strong> <span class="subdued">${pct(r.share)}</span></div>
    ${action ? html`<div class="bar-action">${action(r)}</div>` : nothing}
  </li>`)}</ul>`;
}

class SegmentsView extends View {
  static properties = { shop: { attribute: false }, data: { state: true }, error: { state: true },
    products: { state: true } };

  updated(changed) {
    if (changed.has('shop')) {
      this.load();
      catalog(this.shop.id).then(p => { this.products = p; }).catch(() => { this.products = []; });
    }
  }

  async load() {
    this.error = null;
    this.data = undefined;
    try {
      this.data = await api('GET', `/api/v1/shops/${seg(this.shop.id)}/segments`);
    } catch (e) {
      this.error = e;
    }
  }

  /** Opens the audience builder with a group or a segment chosen, and runs the preview. */
  audienceOf(criteria) {
    const builder = this.querySelector('mr-audience-builder');
    builder.preset(criteria);
    builder.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  render() {
    if (this.error) {
      return card('Segments and RFM groups', notRunning(this.error)
        ? enableFirst(this.shop, 'profiler', 'customer segments', this.error)
        : banner('critical', 'Could not load the segments', this.error.message));
    }
    if (this.data === undefined) return card('Segments and RFM groups', spinner());
    const d = this.data;
    const currency = currencyOf(this.products);
    const total = d.customers || 0;
    const segmentRows = d.segments.map(s => ({ id: s.id, label: html`<strong>${s.name}</strong>`, note: s.description,
      size: s.size, share: s.share, averages: s.averages || {} }));
    const groupRows = RFM_GROUPS.map(([id, name, meaning, tone]) => ({ id, tone, label: html`<strong>${name}</strong>`,
      note: meaning, size: d.groups[id] || 0, share: total ? (d.groups[id] || 0) / total : 0 }));
    const audienceButton = criteria => r => html`<button class="button slim" ?disabled=${!r.size}
      aria-label="Build an audience of ${r.id}" @click=${() => this.audienceOf(criteria(r))}>Audience</button>`;
    const header = html`<p class="subdued">${num(total)} customers profiled by <code>${d.strategy}</code>,
      trained <span title=${dateTime(d.updated_at)}>${ago(d.updated_at)}</span>.</p>
      <div class="training-result"><p class="training-summary">${summarize('profiler', d.metrics).join(' ')}</p>
        ${rawFigures(d.metrics)}</div>`;
    return html`
      <div class="insight-grid">
        ${card('Segments', html`${header}
          ${segmentRows.length ? bars(segmentRows, { tone: () => 'info', action: audienceButton(r => ({ segments: [r.id] })) })
            : html`<p class="subdued">The profiler found no segments: it needs customers with events.</p>`}
          ${segmentRows.length ? this.averagesTable(d.segments, currency) : nothing}`, { cls: 'segments-card' })}
        ${card('RFM groups', html`<p class="subdued">Recency, frequency and monetary value scored 1–5 against the shop's other buyers.</p>
          ${bars(groupRows, { tone: r => r.tone, action: audienceButton(r => ({ groups: [r.id] })) })}`, { cls: 'rfm-card' })}
      </div>
      <mr-customer-profile .shop=${this.shop} .segments=${d.segments} .currency=${currency}></mr-customer-profile>
      <mr-audience-builder .shop=${this.shop} .segments=${d.segments} .products=${this.products} .currency=${currency}></mr-audience-builder>`;
  }

  averagesTable(segments, currency) {
    const a = s => s.averages || {};
    return html`<details class="advanced segment-figures"><summary>Segment figures (averages per customer)</summary>
      <div class="table-wrap"><table class="table compact"><thead><tr><th scope="col">Segment</th><th scope="col" class="num">Orders</th>
        <th scope="col" class="num">Spend</th><th scope="col" class="num">Order value</th><th scope="col" class="num">Last order</th>
        <th scope="col" class="num">Value next 365 d</th><th scope="col" class="num">Churn risk</th></tr></thead>
      <tbody>${segments.map(s => html`<tr><td>${s.name}</td><td class="num">${units(a(s).orders)}</td>
        <td class="num">${money(a(s).monetary, currency)}</td><td class="num">${money(a(s).avg_order_value, currency)}</td>
        <td class="num">${a(s).recency_days === undefined ? '—' : `${num(Math.round(a(s).recency_days))} days ago`}</td>
        <td class="num">${money(a(s).value_365d, currency)}</td><td class="num">${chance(a(s).churn_risk)}</td></tr>`)}</tbody></table></div>
    </details>`;
  }
}
customElements.define('mr-insight-segments', SegmentsView);

/** One customer's profile, looked up by id. */
class CustomerProfile extends View {
  static properties = { shop: { attribute: false }, segments: { attribute: false }, currency: { attribute: false },
    customers: { state: true }, profile: { state: true }, error: { state: true }, fieldError: { state: true }, busy: { state: true } };

  updated(changed) {
    if (changed.has('shop')) {
      this.profile = null;
      recentCustomers(this.shop.id).then(c => { this.customers = c; }).catch(() => { this.customers = []; });
    }
  }

  /** Shows a customer's profile (also called from the audience table). */
  async show(id) {
    const input = this.querySelector('input[name=customer]');
    if (input && input.value !== id) input.value = id;
    if (!id) {
      this.fieldError = 'Enter a customer id.';
      return;
    }
    this.fieldError = null;
    this.busy = true;
    try {
      this.profile = await api('GET', `/api/v1/shops/${seg(this.shop.id)}/customers/${seg(id)}/profile`);
      this.error = null;
    } catch (e) {
      this.profile = null;
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const segmentName = new Map((this.segments || []).map(s => [s.id, s.name]));
    return card('Customer profile', html`
      <form class="inline-form" @submit=${e => { e.preventDefault(); this.show(e.target.customer.value.trim()); }}>
        <div class="field ${this.fieldError ? 'has-error' : ''}"><label for="profile-customer">Customer id</label>
          <input id="profile-customer" name="customer" list="profile-customers" autocomplete="off" placeholder=${this.customers?.[0] || ''}
            aria-invalid=${this.fieldError ? 'true' : 'false'} aria-describedby=${this.fieldError ? 'profile-customer-error' : nothing}>
          ${this.fieldError ? html`<p class="field-error" id="profile-customer-error" role="alert">${this.fieldError}</p>` : nothing}</div>
        <datalist id="profile-customers">${(this.customers || []).map(c => html`<option value=${c}></option>`)}</datalist>
        <button class="button primary" type="submit" ?disabled=${this.busy}>Look up</button>
      </form>
      ${this.busy ? spinner() : nothing}
      ${this.error ? this.error.status === 404 ? banner('warning', 'No profile for this customer', this.error.message)
        : banner('critical', 'Could not load the profile', this.error.message) : nothing}
      ${this.profile ? this.renderProfile(this.profile, segmentName) : nothing}`, { cls: 'profile-card' });
  }

  renderProfile(p, segmentName) {
    const rfm = p.rfm || {};
    const clv = p.clv;
    return html`<div class="profile">
      <h3>${p.customer_id} ${groupBadge(rfm.group)}</h3>
      <div class="stats-row compact-stats">
        <div class="stat"><span class="stat-label">Segment</span><span class="stat-value small-value">${segmentName.get(p.segment) || p.segment || '—'}</span></div>
        <div class="stat"><span class="stat-label">RFM scores</span><span class="stat-value small-value">R ${rfm.r} · F ${rfm.f} · M ${rfm.m}</span>
          <span class="stat-note">${rfm.frequency ? `last order ${num(Math.round(rfm.recency))} days ago, ${num(rfm.frequency)} order${rfm.frequency === 1 ? '' : 's'}, ${money(rfm.monetary, this.currency)} spent`
            : `no order yet; last visit ${num(Math.round(rfm.recency ?? 0))} days ago`}</span></div>
        <div class="stat"><span class="stat-label">Value, next 365 days</span><span class="stat-value">${clv ? money(clv.value_365d, this.currency) : '—'}</span>
          <span class="stat-note">${clv ? `${units(clv.expected_purchases_90d)} orders expected in 90 days at ${money(clv.expected_order_value, this.currency)}` : 'prospects have no purchase model yet'}</span></div>
        <div class="stat"><span class="stat-label">Churn risk</span><span class="stat-value">${p.churn_risk === null || p.churn_risk === undefined ? '—' : chance(p.churn_risk)}</span>
          <span class="stat-note">${clv ? `${chance(clv.p_alive)} chance still a customer` : ''}</span></div>
      </div>
      <p class="subdued small">Last seen ${date(p.last_seen)} (${ago(p.last_seen)}) · profiled by <code>${p.strategy}</code> ${ago(p.updated_at)}</p>
    </div>`;
  }
}
customElements.define('mr-customer-profile', CustomerProfile);

const CRITERIA_FIELDS = ['groups', 'segments', 'min_value', 'max_value', 'min_churn_risk', 'max_churn_risk',
  'last_seen_within_days', 'limit', 'products_per_customer', 'cursor'];

/** Criteria → customers with their top products and offer; pages with next_cursor; CSV export. */
class AudienceBuilder extends View {
  static properties = { shop: { attribute: false }, segments: { attribute: false }, products: { attribute: false },
    currency: { attribute: false }, groups: { state: true }, chosenSegments: { state: true }, values: { state: true },
    errors: { state: true }, result: { state: true }, busy: { state: true }, exporting: { state: true } };

  constructor() {
    super();
    this.groups = new Set();
    this.chosenSegments = new Set();
    this.values = { products_per_customer: '3', limit: '50' };
    this.errors = {};
  }

  preset({ groups = [], segments = [] }) {
    this.groups = new Set(groups);
    this.chosenSegments = new Set(segments);
    this.values = { products_per_customer: this.values.products_per_customer, limit: this.values.limit };
    this.errors = {};
    this.preview();
  }

  setValue(key, value) {
    this.values = { ...this.values, [key]: value };
    if (this.errors[key]) this.errors = { ...this.errors, [key]: undefined };
  }

  toggle(set, value, on) {
    const next = new Set(this[set]);
    if (on) next.add(value); else next.delete(value);
    this[set] = next;
    this.errors = { ...this.errors, [set === 'groups' ? 'groups' : 'segments']: undefined };
  }

  /** The request body, or null with inline errors set for what can be told before asking the node. */
  criteria() {
    const body = {};
    const errors = {};
    if (this.groups.size) body.groups = [...this.groups];
    if (this.chosenSegments.size) body.segments = [...this.chosenSegments];
    for (const key of ['min_value', 'max_value', 'last_seen_within_days']) {
      const v = numberOrText(this.values[key]);
      if (v !== undefined) body[key] = v;
    }
    // Churn risk is typed as a percentage; the API takes a probability.
    for (const key of ['min_churn_risk', 'max_churn_risk']) {
      const v = numberOrText(this.values[key]);
      if (v === undefined) continue;
      if (typeof v !== 'number' || v < 0 || v > 100) errors[key] = 'enter a percentage from 0 to 100';
      else body[key] = Math.round(v * 100) / 10000;
    }
    if (body.min_churn_risk !== undefined && body.max_churn_risk !== undefined && body.max_churn_risk < body.min_churn_risk) {
      errors.max_churn_risk = 'must be at least the lower bound';
    }
    body.products_per_customer = Number(this.values.products_per_customer);
    this.errors = errors;
    return Object.keys(errors).length ? null : body;
  }

  async preview(more = false) {
    const criteria = this.criteria();
    if (!criteria) {
      toast('Fix the highlighted fields first.', 'critical');
      return;
    }
    this.busy = true;
    try {
      const body = { ...criteria, limit: Number(this.values.limit) };
      if (more) body.cursor = this.result.next_cursor;
      const page = await api('POST', `/api/v1/shops/${seg(this.shop.id)}/audiences/preview`, body);
      this.result = more ? { ...page, customers: [...this.result.customers, ...page.customers] } : page;
    } catch (err) {
      if (err.status === 400) {
        this.errors = errorsByField(err, CRITERIA_FIELDS);
        toast('The node refused the criteria: see the highlighted fields.', 'critical');
      } else {
        toastError('Could not preview the audience', err);
      }
    } finally {
      this.busy = false;
    }
  }

  async exportCsv() {
    const criteria = this.criteria();
    if (!criteria) {
      toast('Fix the highlighted fields first.', 'critical');
      return;
    }
    this.exporting = true;
    try {
      const { blob, filename } = await apiBlob('POST', `/api/v1/shops/${seg(this.shop.id)}/audiences/export`, criteria);
      const text = await blob.text();
      const rows = Math.max(0, text.split('\n').filter(Boolean).length - 1);
      const name = filename || `audience-${this.shop.id}.csv`;
      download(blob, name);
      toast(`Exported ${num(rows)} customer${rows === 1 ? '' : 's'} to ${name}.`);
    } catch (err) {
      if (err.status === 400) this.errors = errorsByField(err, CRITERIA_FIELDS);
      toastError('Export failed', err);
    } finally {
      this.exporting = false;
    }
  }

  render() {
    const e = this.errors;
    const field = (key, label, help, inputmode = 'decimal') => textField({ id: `audience-${key}`, name: key, label,
      value: this.values[key], error: e[key], help, inputmode, onInput: v => this.setValue(key, v) });
    const currency = this.currency ? ` (${this.currency})` : '';
    return card('Audience builder', html`
      <p class="subdued">Pick who to reach; every criterion is optional (none means every profiled customer). Preview shows the
        most valuable customers first, with the recommender's picks and a suggested offer; export gives the whole audience as CSV.</p>
      <form class="audience-form" novalidate @submit=${ev => { ev.preventDefault(); this.preview(); }}>
        <fieldset class="field choice-group ${e.groups ? 'has-error' : ''}" aria-describedby=${e.groups ? 'audience-groups-error' : nothing}>
          <legend>RFM groups</legend>
          <div class="chips">${RFM_GROUPS.map(([id, name, meaning]) => html`<label class="chip" title=${meaning}>
            <input type="checkbox" name="groups" value=${id} .checked=${this.groups.has(id)}
              @change=${ev => this.toggle('groups', id, ev.target.checked)}> ${name}</label>`)}</div>
          ${e.groups ? html`<p class="field-error" id="audience-groups-error" role="alert">${e.groups}</p>` : nothing}
        </fieldset>
        <fieldset class="field choice-group ${e.segments ? 'has-error' : ''}" aria-describedby=${e.segments ? 'audience-segments-error' : nothing}>
          <legend>Segments</legend>
          <div class="chips">${(this.segments || []).map(s => html`<label class="chip" title=${s.description}>
            <input type="checkbox" name="segments" value=${s.id} .checked=${this.chosenSegments.has(s.id)}
              @change=${ev => this.toggle('chosenSegments', s.id, ev.target.checked)}> ${s.name}</label>`)}</div>
          ${e.segments ? html`<p class="field-error" id="audience-segments-error" role="alert">${e.segments}</p>` : nothing}
        </fieldset>
        <div class="form-grid">
          ${field('min_value', `Value from${currency}`, 'Predicted revenue of the next 365 days, at least.')}
          ${field('max_value', `Value up to${currency}`, 'At most. Value filters leave out prospects.')}
          ${field('min_churn_risk', 'Churn risk from (%)', 'e.g. 30 for customers at least 30 % likely to be gone.')}
          ${field('max_churn_risk', 'Churn risk up to (%)', '0–100. Leaves out prospects.')}
          ${field('last_seen_within_days', 'Seen in the last (days)', 'Any event in the last N days (1–36,500).', 'numeric')}
          <div class="field"><label for="audience-products">Products per customer</label>
            <select id="audience-products" name="products_per_customer" @change=${ev => this.setValue('products_per_customer', ev.target.value)}>
              ${[0, 1, 3, 5, 10].map(n => html`<option value=${n} ?selected=${String(n) === this.values.products_per_customer}>${n === 0 ? 'none (faster)' : n}</option>`)}
            </select></div>
        </div>
        ${e[''] ? banner('critical', 'The node refused the criteria', e['']) : nothing}
        <div class="form-actions">
          <button class="button primary" type="submit" ?disabled=${this.busy}>Preview audience</button>
          <button class="button" type="button" ?disabled=${this.exporting} @click=${() => this.exportCsv()}>${this.exporting ? 'Exporting…' : 'Export CSV'}</button>
          <label class="inline-select">Page size <select name="limit" @change=${ev => this.setValue('limit', ev.target.value)}>
            ${[25, 50, 100, 250].map(n => html`<option ?selected=${String(n) === this.values.limit}>${n}</option>`)}</select></label>
          <button class="button plain" type="button" @click=${() => this.preset({})}>Clear</button>
        </div>
      </form>
      ${this.busy && !this.result ? spinner('Finding customers…') : nothing}
      ${this.result ? this.renderResult(this.result) : nothing}`, { cls: 'audience-card', id: 'audience-builder' });
  }

  renderResult(r) {
    const titles = new Map((this.products || []).map(p => [p.product_id, p.title]));
    const segmentName = new Map((this.segments || []).map(s => [s.id, s.name]));
    if (!r.customers.length) {
      return html`<div class="audience-result">${banner('info', 'No customer matches these criteria',
        'Widen them: fewer groups or segments, a larger value or churn range, or more days of "last seen".')}</div>`;
    }
    return html`<div class="audience-result">
      ${r.recommender && r.recommender.available === false ? banner('warning', 'No personal picks',
        html`The shop's recommender cannot answer (${r.recommender.reason}); the audience is listed without products.`) : nothing}
      <p class="subdued small">${num(r.customers.length)} customer${r.customers.length === 1 ? '' : 's'} shown${r.next_cursor ? ', more match' : ', that is everyone who matches'}.
        ${r.recommender?.strategy ? html`Picks by <code>${r.recommender.strategy}</code>.` : nothing}</p>
      <div class="table-wrap"><table class="table audience-table"><thead><tr><th scope="col">Customer</th><th scope="col">Group</th>
        <th scope="col">Segment</th><th scope="col" class="num">Value 365 d</th><th scope="col" class="num">Churn risk</th>
        <th scope="col" class="num">Orders in 90 d</th><th scope="col">Last seen</th><th scope="col">Top products</th><th scope="col">Offer</th></tr></thead>
      <tbody>${r.customers.map(c => html`<tr>
        <td><button class="button plain" title="Show the profile" @click=${() => this.showProfile(c.customer_id)}>${c.customer_id}</button></td>
        <td>${groupBadge(c.group)}</td><td>${segmentName.get(c.segment) || c.segment || '—'}</td>
        <td class="num">${money(c.value_365d, this.currency)}</td><td class="num">${chance(c.churn_risk)}</td>
        <td class="num">${units(c.expected_purchases_90d)}</td>
        <td class="nowrap" title=${dateTime(c.last_seen)}>${date(c.last_seen)}</td>
        <td>${c.top_products?.length ? html`<ol class="picks">${c.top_products.map(t => html`<li title=${t.reason ? `${t.product_id}: ${t.reason}` : t.product_id}>${titles.get(t.product_id) || t.product_id}</li>`)}</ol>`
          : html`<span class="subdued">${c.recommendation_error ? 'recommender failed' : '—'}</span>`}</td>
        <td>${c.offer ? html`${c.offer.discount_percent ? badge(`${pct(c.offer.discount_percent / 100)} off`, 'success') : nothing}
          <div class="small">${c.offer.message}</div>` : '—'}</td>
      </tr>`)}</tbody></table></div>
      ${r.next_cursor ? html`<button class="button" ?disabled=${this.busy} @click=${() => this.preview(true)}>${this.busy ? 'Loading…' : `Load ${this.values.limit} more`}</button>` : nothing}
    </div>`;
  }

  showProfile(id) {
    const profile = this.parentElement.querySelector('mr-customer-profile');
    profile?.show(id);
    profile?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
}
customElements.define('mr-audience-builder', AudienceBuilder);
