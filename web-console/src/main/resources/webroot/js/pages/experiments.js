// <mr-experiments .shop .experimentId>: A/B experiments between the shop's recommenders (docs/rest-api.md,
// Experiments): the list, the create form (two strategies, or two configs of one strategy, with the config fields of
// config-form.js), and one experiment's page — start, stop, ship a variant, and live results (estimate, lift with its
// always-valid interval as a bar, chance to beat control, the sample-ratio check and the verdict in words).
import { html, nothing, svg } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, spinner, loadError, toast, toastError } from '../ui.js';
import { num, rate, lift, chance, money, date, dateTime, ago, KINDS } from '../format.js';
import { configFields, toConfig } from '../config-form.js';
import { catalog, currencyOf, numberOrText, textField } from '../insights/common.js';

/** Results are recomputed on each request; while an experiment runs the page asks again this often. */
const REFRESH_MS = 15000;
const MAX_VARIANTS = 5;

/** The primary metrics in merchant words; the values themselves come from the API's schema. */
const METRIC_WORDS = {
  click: ['Clicks on recommendations', 'share of customers who click a recommended product'],
  add_to_cart: ['Add to cart', 'share of customers who add a product to the cart'],
  order: ['Orders', 'share of customers who order'],
  revenue: ['Revenue per customer', 'order revenue per customer'],
};
const metricName = m => METRIC_WORDS[m]?.[0] || m;

const STATUS_TONE = { draft: 'neutral', running: 'info', stopped: 'warning', shipped: 'success' };
const VERDICT = {
  not_started: ['info', 'Not started'],
  collecting: ['info', 'Collecting data'],
  keep_running: ['info', 'Keep running'],
  no_difference: ['info', 'No difference'],
  winner: ['success', 'A winner'],
  control_wins: ['info', 'Control wins'],
  sample_ratio_mismatch: ['critical', 'Sample ratio mismatch'],
};

let createSchema = null;

/**
 * What the create operation accepts, read from the node's OpenAPI document (the primary metrics, kinds and units
 * it knows, the defaults and bounds of max_days and mde), so the form offers exactly what the API takes.
 */
function experimentSchema() {
  if (!createSchema) {
    createSchema = api('GET', '/openapi.json').then(doc => {
      const resolve = s => (s?.$ref ? resolve(doc.components?.schemas?.[s.$ref.split('/').pop()]) : s);
      const op = doc.paths?.['/api/v1/shops/{shop}/experiments']?.post;
      const body = resolve(op?.requestBody?.content?.['application/json']?.schema) || {};
      const prop = key => resolve(body.properties?.[key]) || {};
      return { metric: prop('primary_metric'), kind: prop('kind'), unit: prop('unit'), maxDays: prop('max_days'),
        mde: prop('mde') };
    }).catch(e => {
      createSchema = null;
      throw e;
    });
  }
  return createSchema;
}

function configText(config) {
  const entries = Object.entries(config || {});
  return entries.length ? entries.map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : v}`).join(' · ') : 'default settings';
}

class Experiments extends View {
  static properties = { shop: { attribute: false }, experimentId: {}, list: { state: true }, error: { state: true },
    creating: { state: true } };

  willUpdate(changed) {
    // A form left open stays behind when the merchant opens an experiment (or the one just created).
    if (changed.has('shop') || changed.has('experimentId')) this.creating = false;
  }

  updated(changed) {
    if ((changed.has('shop') || changed.has('experimentId')) && !this.experimentId) this.load();
  }

  async load() {
    this.error = null;
    try {
      this.list = (await api('GET', `/api/v1/shops/${seg(this.shop.id)}/experiments`)).experiments;
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    if (this.experimentId) {
      return html`<mr-experiment .shop=${this.shop} .experimentId=${this.experimentId}></mr-experiment>`;
    }
    const header = pageHeader('Experiments', `Compare recommenders of ${this.shop.name} on live traffic, then ship the better one.`,
      html`<button class="button primary" @click=${() => { this.creating = true; }} ?disabled=${this.creating}>New experiment</button>`);
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    if (!this.list) return html`<div class="page">${header}${spinner()}</div>`;
    return html`<div class="page">${header}
      ${this.creating ? html`<mr-experiment-form .shop=${this.shop} @cancel=${() => { this.creating = false; }}></mr-experiment-form>` : nothing}
      ${card('Experiments', this.list.length ? this.renderTable() : emptyState('No experiments yet',
        'An experiment splits the shop\'s customers between two or more recommenders and tells you which one earns more clicks, carts, orders or revenue — with statistics that stay valid while you watch.',
        this.creating ? nothing : html`<button class="button primary" @click=${() => { this.creating = true; }}>New experiment</button>`),
      { cls: 'experiments-card' })}
    </div>`;
  }

  renderTable() {
    const link = e => `#/shops/${encodeURIComponent(this.shop.id)}/experiments/${encodeURIComponent(e.id)}`;
    return html`<div class="table-wrap"><table class="table experiments-table"><thead><tr>
      <th scope="col">Name</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Variants</th>
      <th scope="col">Goal</th><th scope="col">Started</th><th scope="col">Stopped</th></tr></thead>
      <tbody>${this.list.map(e => html`<tr data-id=${e.id}>
        <td><a href=${link(e)}>${e.name}</a></td>
        <td>${KINDS[e.kind]?.title || e.kind}</td>
        <td>${badge(e.status, STATUS_TONE[e.status])}${e.shipped_variant ? html` <span class="small subdued">${e.shipped_variant}</span>` : nothing}</td>
        <td>${e.variants.map((v, i) => html`${i ? ' · ' : ''}<strong>${v.id}</strong> ${v.strategy}`)}</td>
        <td>${metricName(e.primary_metric)}</td>
        <td title=${dateTime(e.started_at)}>${e.started_at ? date(e.started_at) : '—'}</td>
        <td title=${dateTime(e.stopped_at)}>${e.stopped_at ? date(e.stopped_at) : '—'}</td>
      </tr>`)}</tbody></table></div>`;
  }
}
customElements.define('mr-experiments', Experiments);

const newVariant = (id, strategy) => ({ id, strategy, values: {}, weight: '1' });

/** The create form; on success it opens the new experiment's page. */
class ExperimentForm extends View {
  static properties = { shop: { attribute: false }, strategies: { state: true }, schema: { state: true },
    form: { state: true }, errors: { state: true }, busy: { state: true }, loadFailed: { state: true } };

  constructor() {
    super();
    this.errors = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.init();
  }

  async init() {
    try {
      const [strategies, bindings, schema] = await Promise.all([
        api('GET', '/api/v1/strategies?kind=recommender'),
        api('GET', `/api/v1/shops/${seg(this.shop.id)}/strategies`),
        experimentSchema()]);
      this.strategies = strategies.strategies.filter(s => s.kind === 'recommender');
      this.schema = schema;
      const bound = bindings.bindings.find(b => b.kind === 'recommender')?.strategy;
      const first = this.strategies.find(s => s.id === bound)?.id || this.strategies[0]?.id;
      const second = this.strategies.find(s => s.id !== first)?.id || first;
      this.form = { name: '', mode: 'strategies', strategy: first, variants: [newVariant('A', first), newVariant('B', second)],
        primary_metric: schema.metric.default ?? schema.metric.enum?.[0], max_days: '', mde: '' };
    } catch (e) {
      this.loadFailed = e;
    }
  }

  spec(id) {
    return this.strategies.find(s => s.id === id)?.config_spec || [];
  }

  set(patch) {
    this.form = { ...this.form, ...patch };
  }

  setVariant(i, patch) {
    this.set({ variants: this.form.variants.map((v, k) => (k === i ? { ...v, ...patch } : v)) });
  }

  setMode(mode) {
    // Two configs of one strategy: every variant gets the shared strategy; the settings are what differ.
    const strategy = this.form.strategy || this.form.variants[0].strategy;
    this.set({ mode, strategy, variants: mode === 'configs'
      ? this.form.variants.map(v => ({ ...v, strategy, values: v.strategy === strategy ? v.values : {} }))
      : this.form.variants });
  }

  setSharedStrategy(strategy) {
    this.set({ strategy, variants: this.form.variants.map(v => ({ ...v, strategy, values: {} })) });
  }

  addVariant() {
    const used = new Set(this.form.variants.map(v => v.id));
    const id = 'ABCDEFGHIJ'.split('').find(c => !used.has(c));
    const strategy = this.form.mode === 'configs' ? this.form.strategy
      : this.strategies.find(s => !this.form.variants.some(v => v.strategy === s.id))?.id || this.form.strategy;
    this.set({ variants: [...this.form.variants, newVariant(id, strategy)] });
  }

  removeVariant(i) {
    this.set({ variants: this.form.variants.filter((_, k) => k !== i) });
    this.errors = {};
  }

  body() {
    const f = this.form;
    const body = {
      name: f.name.trim() || undefined,
      variants: f.variants.map(v => ({ id: v.id.trim(), strategy: v.strategy, config: toConfig(this.spec(v.strategy), v.values),
        weight: numberOrText(v.weight) })),
      primary_metric: f.primary_metric,
    };
    if (f.max_days.trim()) body.max_days = numberOrText(f.max_days);
    if (f.mde.trim()) {
      const typed = numberOrText(f.mde);
      body.mde = typeof typed === 'number' ? typed / 100 : typed; // typed as a percentage, sent as a fraction
    }
    return body;
  }

  async submit(e) {
    e.preventDefault();
    this.busy = true;
    try {
      const created = await api('POST', `/api/v1/shops/${seg(this.shop.id)}/experiments`, this.body());
      toast(`Created the draft experiment "${created.name}". Start it when you are ready.`);
      location.hash = `#/shops/${encodeURIComponent(this.shop.id)}/experiments/${encodeURIComponent(created.id)}`;
    } catch (err) {
      this.errors = this.fieldErrors(err);
      toastError('Could not create the experiment', err);
      await this.updateComplete;
      this.querySelector('[aria-invalid="true"]')?.focus();
    } finally {
      this.busy = false;
    }
  }

  /**
   * The problem's errors by key as the API names them (`name`, `variants[1].strategy`, `variants[0].config.k` …);
   * those no field shows go under '' (a banner), so nothing the node said is lost.
   */
  fieldErrors(err) {
    const shown = key => ['name', 'primary_metric', 'max_days', 'mde', 'variants'].includes(key)
      || /^variants\[\d+\]\.(id|strategy|weight|config\..+)$/.test(key);
    const out = {};
    for (const x of err.errors || []) {
      const key = shown(x.key) ? x.key : '';
      const message = key ? x.message : `${x.key}: ${x.message}`;
      out[key] = out[key] ? `${out[key]}; ${message}` : message;
    }
    if (!Object.keys(out).length) out[''] = err.message;
    return out;
  }

  render() {
    if (this.loadFailed) return card('New experiment', loadError(this.loadFailed));
    if (!this.form) return card('New experiment', spinner());
    const f = this.form;
    const s = this.schema;
    const cancel = html`<button type="button" class="button plain" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>Cancel</button>`;
    if (this.strategies.length < 1) {
      return card('New experiment', emptyState('No recommender is installed', 'Experiments compare recommenders; install a plugin with one first.', cancel));
    }
    const total = f.variants.reduce((sum, v) => sum + (Number(v.weight) > 0 ? Number(v.weight) : 0), 0);
    const metricValues = s.metric.enum || Object.keys(METRIC_WORDS);
    const sharedError = f.mode === 'configs'
      ? f.variants.map((_, i) => this.errors[`variants[${i}].strategy`]).filter(Boolean).join('; ') : null;
    return card('New experiment', html`<form class="experiment-form" novalidate @submit=${e => this.submit(e)}>
      ${this.errors[''] ? banner('critical', 'The node refused the experiment', this.errors['']) : nothing}
      ${textField({ id: 'exp-name', name: 'name', label: 'Name', value: f.name, error: this.errors.name,
        help: 'What you are testing, e.g. "Similar products vs best sellers on product pages".', onInput: v => this.set({ name: v }) })}
      <p class="subdued small">${KINDS[s.kind.default]?.title || 'Recommendations'} · customers are split between the variants
        (the same customer always sees the same one).</p>
      <fieldset class="field segmented-field">
        <legend>Compare</legend>
        <div class="segmented">
          <label><input type="radio" name="mode" value="strategies" .checked=${live(f.mode === 'strategies')}
            @change=${() => this.setMode('strategies')}> different strategies</label>
          <label><input type="radio" name="mode" value="configs" .checked=${live(f.mode === 'configs')}
            @change=${() => this.setMode('configs')}> two settings of one strategy</label>
        </div>
      </fieldset>
      ${f.mode === 'configs' ? this.strategyField('exp-strategy', f.strategy, sharedError, v => this.setSharedStrategy(v)) : nothing}
      ${this.errors.variants ? html`<p class="field-error" role="alert" id="exp-variants-error">${this.errors.variants}</p>` : nothing}
      <div class="variant-grid">${f.variants.map((v, i) => this.renderVariant(v, i, total))}</div>
      ${f.variants.length < MAX_VARIANTS ? html`<button type="button" class="button" @click=${() => this.addVariant()}>Add variant</button>` : nothing}
      <div class="form-grid experiment-settings">
        <div class="field ${this.errors.primary_metric ? 'has-error' : ''}">
          <label for="exp-primary_metric">Goal (primary metric)</label>
          <select id="exp-primary_metric" name="primary_metric" aria-invalid=${this.errors.primary_metric ? 'true' : 'false'}
            aria-describedby="exp-primary_metric-help${this.errors.primary_metric ? ' exp-primary_metric-error' : ''}"
            @change=${e => this.set({ primary_metric: e.target.value })}>
            ${metricValues.map(m => html`<option value=${m} ?selected=${m === f.primary_metric}>${metricName(m)}</option>`)}
          </select>
          <p class="help" id="exp-primary_metric-help">${METRIC_WORDS[f.primary_metric]?.[1] || f.primary_metric}, after the customer's first recommendation in the experiment.</p>
          ${this.errors.primary_metric ? html`<p class="field-error" id="exp-primary_metric-error" role="alert">${this.errors.primary_metric}</p>` : nothing}
        </div>
        ${textField({ id: 'exp-max_days', name: 'max_days', label: 'Planned days (optional)', value: f.max_days, inputmode: 'numeric',
          error: this.errors.max_days, placeholder: s.maxDays.default !== undefined ? String(s.maxDays.default) : nothing,
          help: `How long you plan to run it: the results are looked at once a day${s.maxDays.default !== undefined ? `; default ${s.maxDays.default}` : ''}.`,
          onInput: v => this.set({ max_days: v }) })}
        ${textField({ id: 'exp-mde', name: 'mde', label: 'Smallest lift worth finding, % (optional)', value: f.mde, inputmode: 'decimal',
          error: this.errors.mde, placeholder: s.mde.default !== undefined ? String(s.mde.default * 100) : nothing,
          help: 'Smaller lifts need more customers before the test can tell.', onInput: v => this.set({ mde: v }) })}
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" ?disabled=${this.busy}>Create experiment</button>${cancel}
      </div>
    </form>`, { cls: 'experiment-form-card' });
  }

  strategyField(id, value, error, onChange) {
    return html`<div class="field ${error ? 'has-error' : ''}">
      <label for=${id}>Strategy</label>
      <select id=${id} name="strategy" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing}
        @change=${e => onChange(e.target.value)}>
        ${this.strategies.map(s => html`<option value=${s.id} ?selected=${s.id === value}>${s.name} (${s.id})</option>`)}
      </select>
      ${error ? html`<p class="field-error" id="${id}-error" role="alert">${error}</p>` : nothing}
    </div>`;
  }

  renderVariant(v, i, total) {
    const at = `variants[${i}]`;
    const prefix = `exp-v${i}`;
    const configErrors = {};
    for (const [key, message] of Object.entries(this.errors)) {
      if (key.startsWith(`${at}.config.`)) configErrors[key.slice(`${at}.config.`.length)] = message;
    }
    const weight = Number(v.weight);
    const share = total > 0 && weight > 0 ? weight / total : null;
    const settings = configFields({ spec: this.spec(v.strategy), idPrefix: `${prefix}-config`, values: v.values,
      errors: configErrors, onChange: (key, value) => this.setVariant(i, { values: { ...v.values, [key]: value } }) });
    return html`<fieldset class="subcard variant" data-variant=${i}>
      <legend>${i === 0 ? 'Control' : `Variant ${i + 1}`}</legend>
      <div class="variant-head ${this.form.mode === 'configs' ? 'two' : ''}">
        ${textField({ id: `${prefix}-id`, name: 'variant-id', label: 'Label', value: v.id, error: this.errors[`${at}.id`], cls: 'narrow',
          onInput: value => this.setVariant(i, { id: value }) })}
        ${this.form.mode === 'strategies' ? this.strategyField(`${prefix}-strategy`, v.strategy, this.errors[`${at}.strategy`],
          value => this.setVariant(i, { strategy: value, values: {} })) : nothing}
        ${textField({ id: `${prefix}-weight`, name: 'weight', label: 'Weight', value: v.weight, inputmode: 'decimal', cls: 'narrow',
          error: this.errors[`${at}.weight`], help: share === null ? 'A positive number.' : `${rate(share)} of customers`,
          onInput: value => this.setVariant(i, { weight: value }) })}
      </div>
      ${this.form.mode === 'configs' || Object.keys(configErrors).length
        ? html`<div class="variant-settings">${settings}</div>`
        : html`<details class="advanced variant-settings"><summary>Settings of ${v.strategy} (defaults unless changed)</summary>${settings}</details>`}
      ${this.form.variants.length > 2 ? html`<button type="button" class="button slim critical" @click=${() => this.removeVariant(i)}
        aria-label="Remove variant ${v.id}">Remove</button>` : nothing}
    </fieldset>`;
  }
}
customElements.define('mr-experiment-form', ExperimentForm);

/**
 * The always-valid interval of a lift as a bar on a scale shared by the rows: the dot is the estimate, the line at
 * 0 is "no change". A bound outside the scale (or unknown, null) ends in an arrow.
 */
function intervalBar(c, scale) {
  const W = 220;
  const x = v => 8 + (W - 16) * (Math.max(scale.lo, Math.min(scale.hi, v)) - scale.lo) / (scale.hi - scale.lo);
  const label = c.lift === null ? 'no estimate yet'
    : `lift ${lift(c.lift)}, interval ${c.lower === null ? 'unbounded' : lift(c.lower)} to ${c.upper === null ? 'unbounded' : lift(c.upper)}`;
  if (c.lift === null) {
    return html`<span class="subdued small">—</span>`;
  }
  const lo = c.lower === null ? scale.lo : c.lower;
  const hi = c.upper === null ? scale.hi : c.upper;
  const tone = c.lower !== null && c.lower > 0 ? 'up' : c.upper !== null && c.upper < 0 ? 'down' : 'flat';
  const clippedLo = c.lower === null || c.lower < scale.lo;
  const clippedHi = c.upper === null || c.upper > scale.hi;
  return html`<svg class="interval-bar interval-${tone}" viewBox="0 0 ${W} 30" width=${W} height="30" role="img" aria-label=${label}>
    ${svg`<line class="zero" x1=${x(0)} x2=${x(0)} y1="2" y2="20"></line>
      <line class="range" x1=${x(lo)} x2=${x(hi)} y1="11" y2="11"></line>
      ${clippedLo ? svg`<path class="range-end" d="M${x(lo) + 5} 7 L${x(lo)} 11 L${x(lo) + 5} 15"></path>`
        : svg`<line class="range-end" x1=${x(lo)} x2=${x(lo)} y1="6" y2="16"></line>`}
      ${clippedHi ? svg`<path class="range-end" d="M${x(hi) - 5} 7 L${x(hi)} 11 L${x(hi) - 5} 15"></path>`
        : svg`<line class="range-end" x1=${x(hi)} x2=${x(hi)} y1="6" y2="16"></line>`}
      <circle class="estimate" cx=${x(c.lift)} cy="11" r="4"></circle>
      <text x="8" y="29" class="tick">${lift(scale.lo)}</text>
      <text x=${x(0)} y="29" class="tick" text-anchor="middle">0</text>
      <text x=${W - 8} y="29" class="tick" text-anchor="end">${lift(scale.hi)}</text>`}
  </svg>`;
}

/** One scale for every row: covers the estimates, the finite bounds and ± the planned lift, within −100 % … +200 %. */
function liftScale(comparisons, mde) {
  const values = [0, -2 * mde, 2 * mde];
  for (const c of comparisons) for (const v of [c.lift, c.lower, c.upper]) if (v !== null && Number.isFinite(v)) values.push(v);
  const lo = Math.max(-1, Math.min(...values));
  const hi = Math.min(2, Math.max(...values));
  const pad = (hi - lo) * 0.08;
  return { lo: Math.max(-1, lo - pad), hi: hi + pad };
}

/** One experiment: its variants, start / stop / ship, and the live results. */
class Experiment extends View {
  static properties = { shop: { attribute: false }, experimentId: {}, experiment: { state: true }, results: { state: true },
    error: { state: true }, busy: { state: true }, shipVariant: { state: true }, shipError: { state: true },
    refreshedAt: { state: true }, currency: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.alive = true;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.alive = false;
    clearTimeout(this.timer);
  }

  updated(changed) {
    if (changed.has('shop') || changed.has('experimentId')) {
      this.experiment = null;
      this.results = null;
      this.load();
      catalog(this.shop.id).then(p => { this.currency = currencyOf(p); }).catch(() => {});
    }
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}/experiments/${seg(this.experimentId)}`;
  }

  async load() {
    clearTimeout(this.timer);
    try {
      const [experiment, results] = await Promise.all([api('GET', this.base), api('GET', `${this.base}/results`)]);
      this.experiment = experiment;
      this.results = results;
      this.refreshedAt = new Date().toISOString();
      this.error = null;
      if (!this.shipVariant || !experiment.variants.some(v => v.id === this.shipVariant)) {
        this.shipVariant = results.verdict?.winner || experiment.variants[1]?.id || experiment.variants[0].id;
      }
    } catch (e) {
      if (!this.experiment) this.error = e;
      else toastError('Could not refresh the results', e);
    }
    clearTimeout(this.timer); // a manual refresh may have overlapped the timed one: keep one timer
    if (this.alive && this.experiment?.status === 'running') {
      this.timer = setTimeout(() => this.load(), REFRESH_MS);
    }
  }

  async act(action, body, done) {
    this.busy = true;
    try {
      const updated = await api('POST', `${this.base}/${action}`, body);
      toast(done(updated));
      this.shipError = null;
      await this.load();
    } catch (e) {
      if (action === 'ship') this.shipError = e.errors?.find(x => x.key === 'variant')?.message || null;
      toastError(`Could not ${action} the experiment`, e);
    } finally {
      this.busy = false;
    }
  }

  ship() {
    const v = this.experiment.variants.find(x => x.id === this.shipVariant);
    if (!v) return;
    const kind = KINDS[this.experiment.kind]?.title || this.experiment.kind;
    if (!confirm(`Ship variant ${v.id}? ${v.strategy} (${configText(v.config)}) becomes the shop's strategy for ${kind} and the experiment ends.`)) return;
    this.act('ship', { variant: v.id }, () => `Shipped variant ${v.id}: ${v.strategy} now serves ${kind} (see Strategies for the history).`);
  }

  render() {
    const back = html`<a class="button" href="#/shops/${encodeURIComponent(this.shop.id)}/experiments">All experiments</a>`;
    if (this.error) {
      return html`<div class="page">${pageHeader('Experiment', null, back)}${loadError(this.error)}</div>`;
    }
    const e = this.experiment;
    if (!e) return html`<div class="page">${pageHeader('Experiment', null, back)}${spinner()}</div>`;
    const subtitle = html`${badge(e.status, STATUS_TONE[e.status])} ${KINDS[e.kind]?.title || e.kind} · goal: ${metricName(e.primary_metric)} ·
      created ${date(e.created_at)}${e.created_by ? ` by ${e.created_by}` : ''}${e.started_at ? html` · started <span title=${dateTime(e.started_at)}>${ago(e.started_at)}</span>` : nothing}${e.stopped_at ? html` · stopped <span title=${dateTime(e.stopped_at)}>${ago(e.stopped_at)}</span>` : nothing}`;
    return html`<div class="page">${pageHeader(e.name, subtitle, back)}
      ${this.renderActions()}
      ${this.renderResults()}
      ${card('Variants', html`<div class="table-wrap"><table class="table compact variants-table"><thead><tr>
        <th scope="col">Variant</th><th scope="col">Strategy</th><th scope="col">Settings</th><th scope="col" class="num">Weight</th></tr></thead>
        <tbody>${e.variants.map((v, i) => html`<tr><td><strong>${v.id}</strong>${i === 0 ? html` ${badge('control')}` : nothing}
          ${e.shipped_variant === v.id ? html` ${badge('shipped', 'success')}` : nothing}</td>
          <td><code>${v.strategy}</code></td><td class="small">${configText(v.config)}</td><td class="num">${num(v.weight)}</td></tr>`)}
        </tbody></table></div>`)}
    </div>`;
  }

  renderActions() {
    const e = this.experiment;
    const kind = KINDS[e.kind]?.title || e.kind;
    const start = html`<button class="button primary" ?disabled=${this.busy}
      @click=${() => this.act('start', undefined, () => `Started: customers asking for recommendations are now split between ${e.variants.map(v => v.id).join(', ')}.`)}>Start</button>`;
    const stop = html`<button class="button" ?disabled=${this.busy}
      @click=${() => this.act('stop', undefined, () => 'Stopped: recommendations are served by the shop\'s strategy again; the results stay.')}>Stop</button>`;
    const shipForm = html`<div class="inline-form ship-form">
      <div class="field narrow ${this.shipError ? 'has-error' : ''}">
        <label for="ship-variant">Variant to ship</label>
        <select id="ship-variant" name="ship-variant" aria-invalid=${this.shipError ? 'true' : 'false'}
          aria-describedby=${this.shipError ? 'ship-variant-error' : nothing}
          @change=${ev => { this.shipVariant = ev.target.value; }}>
          ${e.variants.map(v => html`<option value=${v.id} ?selected=${v.id === this.shipVariant}>${v.id} — ${v.strategy}</option>`)}
        </select>
        ${this.shipError ? html`<p class="field-error" id="ship-variant-error" role="alert">${this.shipError}</p>` : nothing}
      </div>
      <button class="button" ?disabled=${this.busy} @click=${() => this.ship()}>Ship variant</button>
    </div>`;
    let body;
    if (e.status === 'draft') {
      body = html`<p class="subdued">A draft: nothing is served differently until you start it.</p><div class="form-actions">${start}</div>`;
    } else if (e.status === 'running') {
      body = html`<p class="subdued">Running: each customer asking for recommendations gets one variant, always the same.
        Stop to serve the shop's strategy again, or ship a variant to make it the shop's strategy.</p>
        <div class="form-actions experiment-actions">${stop}</div>${shipForm}`;
    } else if (e.status === 'stopped') {
      body = html`<p class="subdued">Stopped: recommendations are served by the shop's strategy; ship a variant to adopt it.</p>${shipForm}`;
    } else {
      const v = e.variants.find(x => x.id === e.shipped_variant);
      body = banner('success', `Shipped variant ${e.shipped_variant}`,
        html`${v ? html`<code>${v.strategy}</code> (${configText(v.config)}) is the shop's strategy for ${kind}. ` : nothing}
          <a href="#/shops/${encodeURIComponent(this.shop.id)}/strategies">Open strategies</a> to see its history.`);
    }
    return card('Status', body, { cls: 'experiment-status' });
  }

  renderResults() {
    const r = this.results;
    const e = this.experiment;
    if (!r) return nothing;
    const [tone, title] = VERDICT[r.verdict.code] || ['info', 'Verdict'];
    const refresh = html`<button class="button slim" @click=${() => this.load()}>Refresh</button>`;
    const head = html`<p class="subdued small">${r.days ? `${num(r.days)} of ${num(e.max_days)} planned days` : 'No data yet'} ·
      ${metricName(r.primary_metric)} (${r.metric_kind}) · tuned to find a ${rate(r.mde)} lift ·
      ${Math.round((1 - r.alpha) * 100)} % always-valid intervals${this.refreshedAt ? html` · updated ${new Date(this.refreshedAt).toLocaleTimeString()}${e.status === 'running' ? ', refreshes every 15 s' : ''}` : nothing}</p>`;
    const srm = r.sample_ratio;
    const verdict = html`<div class="verdict">${banner(tone, title, r.verdict.words)}</div>`;
    if (!r.variants) return card('Results', html`${head}${verdict}`, { actions: refresh, cls: 'experiment-results' });
    return card('Results', html`${head}
      ${srm?.mismatch ? html`<div class="srm-warning">${banner('critical', 'Sample ratio mismatch — do not trust these results',
        `The customers did not split by the weights (chi-square p = ${srm.p_value.toPrecision(2)}, below ${srm.threshold}). Assignment or tracking is broken: a variant loses or gains customers for a reason of its own. Fix that, then start a new experiment.`)}</div>` : nothing}
      ${verdict}
      ${this.renderTable()}
      ${srm && !srm.mismatch ? html`<p class="subdued small srm-ok">Split check: customers follow the weights (chi-square p = ${srm.p_value.toPrecision(2)}; a mismatch is flagged below ${srm.threshold}).</p>` : nothing}`,
    { actions: refresh, cls: 'experiment-results' });
  }

  renderTable() {
    const r = this.results;
    const revenue = r.metric_kind === 'revenue';
    const total = r.variants.reduce((s, v) => s + v.weight, 0);
    const byVariant = new Map((r.comparisons || []).map(c => [c.variant, c]));
    const scale = liftScale(r.comparisons || [], r.mde);
    const estimate = v => (revenue ? money(v.estimate, this.currency) : rate(v.estimate));
    return html`<div class="table-wrap"><table class="table results-table"><thead><tr>
      <th scope="col">Variant</th><th scope="col" class="num">Customers</th><th scope="col" class="num">Share (planned)</th>
      <th scope="col" class="num">${revenue ? 'Revenue' : 'Converted'}</th><th scope="col" class="num">${revenue ? 'Per customer' : 'Rate'}</th>
      <th scope="col">Lift vs control (always-valid interval)</th><th scope="col" class="num">Chance to beat control</th>
      <th scope="col">Decision</th></tr></thead>
      <tbody>${r.variants.map((v, i) => {
        const c = byVariant.get(v.id);
        return html`<tr data-variant=${v.id}>
          <td><strong>${v.id}</strong> <code>${v.strategy}</code></td>
          <td class="num">${num(v.units)}</td>
          <td class="num">${rate(v.share)} <span class="subdued small">(${rate(v.weight / total)})</span></td>
          <td class="num">${revenue ? money(v.total, this.currency) : num(v.conversions)}</td>
          <td class="num">${estimate(v)}</td>
          <td class="lift">${i === 0 ? html`<span class="subdued">control</span>` : c ? html`<div class="lift-cell">
            <span class="lift-value">${lift(c.lift)}</span>${intervalBar(c, scale)}</div>` : '—'}</td>
          <td class="num">${i === 0 ? '—' : chance(c?.probability_to_beat)}</td>
          <td class="small">${i === 0 || !c ? '—' : c.decided ? `decided on day ${num(c.decided_on_day)}`
            : c.units_needed ? `about ${num(c.units_needed)} more customers` : 'undecided'}</td>
        </tr>`;
      })}</tbody></table></div>`;
  }
}
customElements.define('mr-experiment', Experiment);
