// <mr-experiments .shop .experimentId>: A/B experiments of a shop (docs/rest-api.md, Experiments) — recommenders
// split by customer, pricing agents and the list price split by product: the list, the create form (the kind; two
// strategies, or two configs of one strategy, with the config fields of config-form.js), and one experiment's page —
// start, stop, ship a variant, the variants' model training before a recommender experiment assigns anyone, and live
// results (estimate, lift with its always-valid interval as a bar, chance to beat control, the sample-ratio check and
// the verdict in words).
import { html, nothing, svg } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, progressBar, spinner, loadError, toast, toastError } from '../ui.js';
import { num, rate, lift, chance, money, date, dateTime, ago, KINDS } from '../format.js';
import { configFields, toConfig } from '../config-form.js';
import { catalog, currencyOf, numberOrText, textField } from '../insights/common.js';

/** Results are recomputed on each request; while an experiment runs the page asks again this often. */
const REFRESH_MS = 15000;
/** While a running experiment's variant models train (not ready), the page looks again this often. */
const READY_POLL_MS = 2000;
const MAX_VARIANTS = 5;
/** The reserved strategy of a pricing variant that charges the product's list price (no agent, no config). */
export const LIST_PRICE = 'list-price';
const LIST_PRICE_CHOICE = { id: LIST_PRICE, kind: 'pricing', name: 'List price (control)', config_spec: [] };

/**
 * The primary metrics of each kind in merchant words; which of them the node accepts comes from its schema. The same
 * wire name may mean different things per kind (revenue per customer, revenue per product-day).
 */
const METRICS = {
  recommender: {
    click: ['Clicks on recommendations', 'share of customers who click a recommended product, after their first recommendation in the experiment'],
    add_to_cart: ['Add to cart', 'share of customers who add a product to the cart, after their first recommendation in the experiment'],
    order: ['Orders', 'share of customers who order, after their first recommendation in the experiment'],
    revenue: ['Revenue per customer', 'order revenue per customer, after their first recommendation in the experiment'],
  },
  pricing: {
    revenue: ['Revenue per product-day', 'what each product sold (quantity × price) per day since its first price decision in the experiment'],
    profit: ['Profit per product-day', 'revenue less the catalog cost of the units sold, per product and day since its first price decision in the experiment (products without a cost are left out)'],
  },
};
const metricName = (kind, m) => METRICS[kind]?.[m]?.[0] || m;
/** What a kind's experiment splits: the unit (as the API names it) and how the page speaks of it. */
const UNIT_OF = { recommender: 'customer', pricing: 'product' };
const UNITS = { customer: ['customer', 'customers'], product: ['product', 'products'] };
const unitWords = unit => UNITS[unit] || [unit, `${unit}s`];

const STATUS_TONE = { draft: 'neutral', running: 'info', stopped: 'warning', shipped: 'success' };
const VERDICT = {
  not_started: ['info', 'Not started'],
  collecting: ['info', 'Collecting data'],
  keep_running: ['info', 'Keep running'],
  inconclusive: ['warning', 'Inconclusive'],
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

/** The primary metrics a kind's experiment may use: the console's words for them, as far as the node accepts them. */
function metricsOf(schema, kind) {
  return Object.keys(METRICS[kind] || {}).filter(m => !schema.metric.enum || schema.metric.enum.includes(m));
}

function configText(config) {
  const entries = Object.entries(config || {});
  return entries.length ? entries.map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : v}`).join(' · ') : 'default settings';
}

/** A variant's strategy for people: the list price control by name, any other by its id. */
function strategyText(strategy) {
  return strategy === LIST_PRICE ? 'list price' : strategy;
}

/**
 * What a running experiment is doing, in words: a recommender experiment whose variants' models are still training
 * (`ready: false`) assigns nobody yet. `jobs`: the shop's recent jobs; those that train a variant's config
 * (`config_key`) since the start are listed with their state. Null when the experiment is not waiting for models.
 */
export function readiness(experiment, jobs) {
  if (experiment.status !== 'running' || experiment.ready !== false) return null;
  const since = Date.parse(experiment.started_at);
  const trainings = (jobs || []).filter(j => j.config_key && j.kind === experiment.kind && Date.parse(j.created_at) >= since);
  return {
    title: 'Training the variants\' models; nobody is assigned yet',
    words: 'Each variant is served from a model trained with its own settings. Until every one is trained, '
      + `recommendations are served by the shop's strategy, untagged, and no ${unitWords(experiment.unit)[0]} is counted, `
      + 'so no variant is judged on another strategy\'s answers. This page checks again every few seconds.',
    trainings: trainings.map(j => ({ id: j.job_id, strategy: j.strategy, configKey: j.config_key, state: j.state,
      progress: j.progress, error: j.error })),
  };
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
    const header = pageHeader('Experiments', `Compare recommenders or pricing agents of ${this.shop.name} on live traffic, then ship the better one.`,
      html`<button class="button primary" @click=${() => { this.creating = true; }} ?disabled=${this.creating}>New experiment</button>`);
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    if (!this.list) return html`<div class="page">${header}${spinner()}</div>`;
    return html`<div class="page">${header}
      ${this.creating ? html`<mr-experiment-form .shop=${this.shop} @cancel=${() => { this.creating = false; }}></mr-experiment-form>` : nothing}
      ${card('Experiments', this.list.length ? this.renderTable() : emptyState('No experiments yet',
        'An experiment splits the shop\'s customers between two or more recommenders, or its products between pricing agents and the list price, and tells you which one earns more — clicks, carts, orders or revenue per customer; revenue or profit per product and day — with statistics that stay valid while you watch.',
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
        <td>${badge(e.status, STATUS_TONE[e.status])}${e.shipped_variant ? html` <span class="small subdued">${e.shipped_variant}</span>` : nothing}${e.status === 'running' && e.ready === false ? html` <span class="small subdued">training models</span>` : nothing}</td>
        <td>${e.variants.map((v, i) => html`${i ? ' · ' : ''}<strong>${v.id}</strong> ${strategyText(v.strategy)}`)}</td>
        <td>${metricName(e.kind, e.primary_metric)}</td>
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
        api('GET', '/api/v1/strategies'),
        api('GET', `/api/v1/shops/${seg(this.shop.id)}/strategies`),
        experimentSchema()]);
      this.strategies = strategies.strategies;
      this.bindings = bindings.bindings;
      this.schema = schema;
      const kinds = this.kinds();
      this.form = this.fresh({ name: '' }, kinds.includes(schema.kind.default) ? schema.kind.default : kinds[0]);
    } catch (e) {
      this.loadFailed = e;
    }
  }

  /** The kinds an experiment may have, as the node's schema lists them (recommender and pricing today). */
  kinds() {
    return (this.schema.kind.enum || ['recommender']).filter(k => METRICS[k]);
  }

  /** The installed strategies of a kind (pricing: the agents; list price is not one). */
  installed(kind) {
    return this.strategies.filter(s => s.kind === kind);
  }

  /** What a variant of the form's kind may be: for pricing, the list price first, then the agents. */
  choices(kind = this.form.kind) {
    return kind === 'pricing' ? [LIST_PRICE_CHOICE, ...this.installed(kind)] : this.installed(kind);
  }

  /**
   * The form for a kind, keeping the name: a recommender experiment opens with the bound recommender against
   * another; a pricing one with the list price (the control) against the bound or first agent.
   */
  fresh(keep, kind) {
    const installed = this.installed(kind);
    const bound = this.bindings.find(b => b.kind === kind)?.strategy;
    const agent = installed.find(s => s.id === bound)?.id || installed[0]?.id;
    const first = kind === 'pricing' ? LIST_PRICE : agent;
    const second = kind === 'pricing' ? agent : installed.find(s => s.id !== first)?.id || first;
    const metrics = metricsOf(this.schema, kind);
    this.errors = {};
    return { ...keep, kind, mode: 'strategies', strategy: agent, variants: [newVariant('A', first), newVariant('B', second)],
      primary_metric: metrics[0], max_days: keep.max_days ?? '', mde: keep.mde ?? '' };
  }

  setKind(kind) {
    this.form = this.fresh(this.form, kind);
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
    const strategy = this.form.strategy || this.installed(this.form.kind)[0]?.id;
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
      : this.choices().find(s => !this.form.variants.some(v => v.strategy === s.id))?.id || this.form.strategy;
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
      kind: f.kind,
      unit: UNIT_OF[f.kind],
      variants: f.variants.map(v => ({ id: v.id.trim(), strategy: v.strategy,
        config: v.strategy === LIST_PRICE ? undefined : toConfig(this.spec(v.strategy), v.values), weight: numberOrText(v.weight) })),
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
    const shown = key => ['name', 'kind', 'unit', 'primary_metric', 'max_days', 'mde', 'variants'].includes(key)
      || /^variants\[\d+\]\.(id|strategy|weight|config|config\..+)$/.test(key);
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
    const kindField = this.renderKind();
    if (this.installed(f.kind).length < 1) {
      const what = f.kind === 'pricing' ? ['No pricing agent is installed', 'A pricing experiment compares pricing agents with each other or with the list price; install a plugin with one first.']
        : ['No recommender is installed', 'A recommendations experiment compares recommenders; install a plugin with one first.'];
      return card('New experiment', html`<div class="experiment-form">${kindField}${emptyState(what[0], what[1], cancel)}</div>`,
        { cls: 'experiment-form-card' });
    }
    const many = unitWords(UNIT_OF[f.kind])[1];
    const total = f.variants.reduce((sum, v) => sum + (Number(v.weight) > 0 ? Number(v.weight) : 0), 0);
    const metricValues = metricsOf(s, f.kind);
    const sharedError = f.mode === 'configs'
      ? f.variants.map((_, i) => this.errors[`variants[${i}].strategy`]).filter(Boolean).join('; ') : null;
    return card('New experiment', html`<form class="experiment-form" novalidate @submit=${e => this.submit(e)}>
      ${this.errors[''] ? banner('critical', 'The node refused the experiment', this.errors['']) : nothing}
      ${textField({ id: 'exp-name', name: 'name', label: 'Name', value: f.name, error: this.errors.name,
        help: f.kind === 'pricing' ? 'What you are testing, e.g. "Thompson pricing vs list price on camping gear".'
          : 'What you are testing, e.g. "Similar products vs best sellers on product pages".', onInput: v => this.set({ name: v }) })}
      ${kindField}
      <fieldset class="field segmented-field">
        <legend>Compare</legend>
        <div class="segmented">
          <label><input type="radio" name="mode" value="strategies" .checked=${live(f.mode === 'strategies')}
            @change=${() => this.setMode('strategies')}> different strategies</label>
          <label><input type="radio" name="mode" value="configs" .checked=${live(f.mode === 'configs')}
            @change=${() => this.setMode('configs')}> two settings of one strategy</label>
        </div>
      </fieldset>
      ${f.mode === 'configs' ? this.strategyField('exp-strategy', f.strategy, sharedError, v => this.setSharedStrategy(v), this.installed(f.kind)) : nothing}
      ${this.errors.variants ? html`<p class="field-error" role="alert" id="exp-variants-error">${this.errors.variants}</p>` : nothing}
      <div class="variant-grid">${f.variants.map((v, i) => this.renderVariant(v, i, total, UNIT_OF[f.kind]))}</div>
      ${f.variants.length < MAX_VARIANTS ? html`<button type="button" class="button" @click=${() => this.addVariant()}>Add variant</button>` : nothing}
      <div class="form-grid experiment-settings">
        <div class="field ${this.errors.primary_metric ? 'has-error' : ''}">
          <label for="exp-primary_metric">Goal (primary metric)</label>
          <select id="exp-primary_metric" name="primary_metric" aria-invalid=${this.errors.primary_metric ? 'true' : 'false'}
            aria-describedby="exp-primary_metric-help${this.errors.primary_metric ? ' exp-primary_metric-error' : ''}"
            @change=${e => this.set({ primary_metric: e.target.value })}>
            ${metricValues.map(m => html`<option value=${m} ?selected=${m === f.primary_metric}>${metricName(f.kind, m)}</option>`)}
          </select>
          <p class="help" id="exp-primary_metric-help">${METRICS[f.kind]?.[f.primary_metric]?.[1] || f.primary_metric}.</p>
          ${this.errors.primary_metric ? html`<p class="field-error" id="exp-primary_metric-error" role="alert">${this.errors.primary_metric}</p>` : nothing}
        </div>
        ${textField({ id: 'exp-max_days', name: 'max_days', label: 'Planned days (optional)', value: f.max_days, inputmode: 'numeric',
          error: this.errors.max_days, placeholder: s.maxDays.default !== undefined ? String(s.maxDays.default) : nothing,
          help: `How long you plan to run it: the results are looked at once a day${s.maxDays.default !== undefined ? `; default ${s.maxDays.default}` : ''}.`,
          onInput: v => this.set({ max_days: v }) })}
        ${textField({ id: 'exp-mde', name: 'mde', label: 'Smallest lift worth finding, % (optional)', value: f.mde, inputmode: 'decimal',
          error: this.errors.mde, placeholder: s.mde.default !== undefined ? String(s.mde.default * 100) : nothing,
          help: `Smaller lifts need more ${many} before the test can tell.`, onInput: v => this.set({ mde: v }) })}
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" ?disabled=${this.busy}>Create experiment</button>${cancel}
      </div>
    </form>`, { cls: 'experiment-form-card' });
  }

  /** What to test: recommendations (customers are split) or pricing (products are split), with what that means. */
  renderKind() {
    const f = this.form;
    const kinds = this.kinds();
    const error = [this.errors.kind, this.errors.unit].filter(Boolean).join('; ');
    const explain = f.kind === 'pricing'
      ? 'Products are split between the variants: each product is priced by its variant\'s agent, or at its list price, and has one price for every shopper. Results are per product and day.'
      : 'Customers are split between the variants: the same customer always sees the same one.';
    return html`<fieldset class="field segmented-field experiment-kind ${error ? 'has-error' : ''}" aria-describedby="exp-kind-help${error ? ' exp-kind-error' : ''}">
      <legend>What to test</legend>
      ${kinds.length > 1 ? html`<div class="segmented">${kinds.map(k => html`<label><input type="radio" name="kind" value=${k}
        .checked=${live(f.kind === k)} @change=${() => this.setKind(k)}> ${KINDS[k]?.title || k}</label>`)}</div>`
        : html`<p>${KINDS[f.kind]?.title || f.kind}</p>`}
      <p class="help" id="exp-kind-help">${explain}</p>
      ${error ? html`<p class="field-error" id="exp-kind-error" role="alert">${error}</p>` : nothing}
    </fieldset>`;
  }

  strategyField(id, value, error, onChange, options = this.choices()) {
    return html`<div class="field ${error ? 'has-error' : ''}">
      <label for=${id}>Strategy</label>
      <select id=${id} name="strategy" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing}
        @change=${e => onChange(e.target.value)}>
        ${options.map(s => html`<option value=${s.id} ?selected=${s.id === value}>${s.name}${s.id === LIST_PRICE ? '' : ` (${s.id})`}</option>`)}
      </select>
      ${error ? html`<p class="field-error" id="${id}-error" role="alert">${error}</p>` : nothing}
    </div>`;
  }

  renderVariant(v, i, total, unit) {
    const at = `variants[${i}]`;
    const prefix = `exp-v${i}`;
    const configErrors = {};
    for (const [key, message] of Object.entries(this.errors)) {
      if (key.startsWith(`${at}.config.`)) configErrors[key.slice(`${at}.config.`.length)] = message;
    }
    const weight = Number(v.weight);
    const share = total > 0 && weight > 0 ? weight / total : null;
    let settings;
    if (v.strategy === LIST_PRICE) {
      settings = html`<p class="subdued small list-price-note">Charges each product its list price: no agent, no settings.
        The products of this variant show what the shop earns without dynamic pricing.</p>`;
    } else {
      settings = html`${this.errors[`${at}.config`] ? html`<p class="field-error" role="alert">${this.errors[`${at}.config`]}</p>` : nothing}
        ${configFields({ spec: this.spec(v.strategy), idPrefix: `${prefix}-config`, values: v.values, errors: configErrors,
          onChange: (key, value) => this.setVariant(i, { values: { ...v.values, [key]: value } }) })}`;
    }
    const open = this.form.mode === 'configs' || v.strategy === LIST_PRICE || Object.keys(configErrors).length || this.errors[`${at}.config`];
    return html`<fieldset class="subcard variant" data-variant=${i}>
      <legend>${i === 0 ? 'Control' : `Variant ${i + 1}`}</legend>
      <div class="variant-head ${this.form.mode === 'configs' ? 'two' : ''}">
        ${textField({ id: `${prefix}-id`, name: 'variant-id', label: 'Label', value: v.id, error: this.errors[`${at}.id`], cls: 'narrow',
          onInput: value => this.setVariant(i, { id: value }) })}
        ${this.form.mode === 'strategies' ? this.strategyField(`${prefix}-strategy`, v.strategy, this.errors[`${at}.strategy`],
          value => this.setVariant(i, { strategy: value, values: {} })) : nothing}
        ${textField({ id: `${prefix}-weight`, name: 'weight', label: 'Weight', value: v.weight, inputmode: 'decimal', cls: 'narrow',
          error: this.errors[`${at}.weight`], help: share === null ? 'A positive number.' : `${rate(share)} of ${unitWords(unit)[1]}`,
          onInput: value => this.setVariant(i, { weight: value }) })}
      </div>
      ${open
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

/**
 * One experiment: its variants, start / stop / ship, the variants' model training of a started recommender
 * experiment (nobody is assigned until every model is trained), and the live results.
 */
class Experiment extends View {
  static properties = { shop: { attribute: false }, experimentId: {}, experiment: { state: true }, results: { state: true },
    jobs: { state: true }, error: { state: true }, busy: { state: true }, shipVariant: { state: true },
    shipError: { state: true }, refreshedAt: { state: true }, currency: { state: true } };

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
      this.jobs = null;
      this.load();
      catalog(this.shop.id).then(p => { this.currency = currencyOf(p); }).catch(() => {});
    }
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}/experiments/${seg(this.experimentId)}`;
  }

  get waitingForModels() {
    return this.experiment?.status === 'running' && this.experiment.ready === false;
  }

  async load() {
    clearTimeout(this.timer);
    try {
      const [experiment, results] = await Promise.all([api('GET', this.base), api('GET', `${this.base}/results`)]);
      // While the variants' models train, their jobs say how far they are (and why, if one failed).
      this.jobs = experiment.status === 'running' && experiment.ready === false
        ? (await api('GET', `/api/v1/shops/${seg(this.shop.id)}/jobs?limit=50`)).jobs : null;
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
      this.timer = setTimeout(() => this.load(), this.waitingForModels ? READY_POLL_MS : REFRESH_MS);
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

  /** Start: what happens now, in words — a recommender experiment first trains its variants' models. */
  startedWords(updated) {
    const ids = updated.variants.map(v => v.id).join(', ');
    if (updated.kind === 'pricing') {
      return `Started: each product is priced by its variant (${ids}) from its next price decision on.`;
    }
    return updated.ready === false
      ? `Started: training the variants' models first; customers asking for recommendations are split between ${ids} once every model is ready.`
      : `Started: customers asking for recommendations are now split between ${ids}.`;
  }

  async ship() {
    const e = this.experiment;
    const v = e.variants.find(x => x.id === this.shipVariant);
    if (!v) return;
    const kind = KINDS[e.kind]?.title || e.kind;
    let question;
    let done;
    if (e.kind === 'pricing' && v.strategy === LIST_PRICE) {
      // Shipping the list price switches the shop's pricing agent off: say which, before asking.
      let agent = null;
      try {
        agent = (await api('GET', `/api/v1/shops/${seg(this.shop.id)}/strategies`)).bindings
          .find(b => b.kind === 'pricing' && b.enabled !== false) || null;
      } catch (err) {
        toastError('Could not read the shop\'s pricing agent', err);
        return;
      }
      question = agent
        ? `Ship variant ${v.id} (list price)? This switches off the shop's pricing agent ${agent.strategy}: no agent decides prices any more, and products still at an agent's price go back to their list price (prices you set by hand since stay). The agent stays in the Strategies history; you can switch it on again. The experiment ends.`
        : `Ship variant ${v.id} (list price)? The shop has no pricing agent switched on; products still at a price the experiment's agent set go back to their list price (prices you set by hand since stay). The experiment ends.`;
      done = () => (agent ? `Shipped variant ${v.id}: products at an agent's price are back at their list price and the pricing agent ${agent.strategy} is switched off (see Strategies for the history).`
        : `Shipped variant ${v.id}: products at an agent's price are back at their list price.`);
    } else {
      question = `Ship variant ${v.id}? ${v.strategy} (${configText(v.config)}) becomes the shop's strategy for ${kind} and the experiment ends.`;
      done = () => `Shipped variant ${v.id}: ${v.strategy} now serves ${kind} (see Strategies for the history).`;
    }
    if (!confirm(question)) return;
    this.act('ship', { variant: v.id }, done);
  }

  render() {
    const back = html`<a class="button" href="#/shops/${encodeURIComponent(this.shop.id)}/experiments">All experiments</a>`;
    if (this.error) {
      return html`<div class="page">${pageHeader('Experiment', null, back)}${loadError(this.error)}</div>`;
    }
    const e = this.experiment;
    if (!e) return html`<div class="page">${pageHeader('Experiment', null, back)}${spinner()}</div>`;
    const subtitle = html`${badge(e.status, STATUS_TONE[e.status])} ${KINDS[e.kind]?.title || e.kind} · goal: ${metricName(e.kind, e.primary_metric)} ·
      created ${date(e.created_at)}${e.created_by ? ` by ${e.created_by}` : ''}${e.started_at ? html` · started <span title=${dateTime(e.started_at)}>${ago(e.started_at)}</span>` : nothing}${e.stopped_at ? html` · stopped <span title=${dateTime(e.stopped_at)}>${ago(e.stopped_at)}</span>` : nothing}`;
    return html`<div class="page">${pageHeader(e.name, subtitle, back)}
      ${this.renderActions()}
      ${this.renderResults()}
      ${card('Variants', html`<div class="table-wrap"><table class="table compact variants-table"><thead><tr>
        <th scope="col">Variant</th><th scope="col">Strategy</th><th scope="col">Settings</th><th scope="col" class="num">Weight</th></tr></thead>
        <tbody>${e.variants.map((v, i) => html`<tr><td><strong>${v.id}</strong>${i === 0 ? html` ${badge('control')}` : nothing}
          ${e.shipped_variant === v.id ? html` ${badge('shipped', 'success')}` : nothing}</td>
          <td><code>${v.strategy}</code></td><td class="small">${v.strategy === LIST_PRICE ? 'the product\'s list price' : configText(v.config)}</td>
          <td class="num">${num(v.weight)}</td></tr>`)}
        </tbody></table></div>`)}
    </div>`;
  }

  renderActions() {
    const e = this.experiment;
    const kind = KINDS[e.kind]?.title || e.kind;
    const pricing = e.kind === 'pricing';
    const start = html`<button class="button primary" ?disabled=${this.busy}
      @click=${() => this.act('start', undefined, updated => this.startedWords(updated))}>Start</button>`;
    const stop = html`<button class="button" ?disabled=${this.busy}
      @click=${() => this.act('stop', undefined, () => (pricing ? 'Stopped: products are priced by the shop\'s pricing agent again; the results stay.'
        : 'Stopped: recommendations are served by the shop\'s strategy again; the results stay.'))}>Stop</button>`;
    const shipForm = html`<div class="inline-form ship-form">
      <div class="field narrow ${this.shipError ? 'has-error' : ''}">
        <label for="ship-variant">Variant to ship</label>
        <select id="ship-variant" name="ship-variant" aria-invalid=${this.shipError ? 'true' : 'false'}
          aria-describedby=${this.shipError ? 'ship-variant-error' : nothing}
          @change=${ev => { this.shipVariant = ev.target.value; }}>
          ${e.variants.map(v => html`<option value=${v.id} ?selected=${v.id === this.shipVariant}>${v.id} — ${strategyText(v.strategy)}</option>`)}
        </select>
        ${this.shipError ? html`<p class="field-error" id="ship-variant-error" role="alert">${this.shipError}</p>` : nothing}
      </div>
      <button class="button" ?disabled=${this.busy} @click=${() => this.ship()}>Ship variant</button>
    </div>`;
    let body;
    if (e.status === 'draft') {
      body = html`<p class="subdued">A draft: nothing is served differently until you start it.${pricing ? nothing
        : ' Starting it trains a model for each variant first; customers are split once they are ready.'}</p><div class="form-actions">${start}</div>`;
    } else if (e.status === 'running') {
      const waiting = readiness(e, this.jobs);
      const running = pricing
        ? html`<p class="subdued">Running: each product is priced by its variant — its agent, or its list price — from its next
          price decision on, always the same variant and one price for every shopper. Stop to let the shop's pricing agent decide
          again, or ship a variant to adopt it.</p>`
        : waiting ? html`<p class="subdued">Stop to serve the shop's strategy again, or ship a variant to make it the shop's strategy.</p>`
          : html`<p class="subdued">Running: each customer asking for recommendations gets one variant, always the same.
            Stop to serve the shop's strategy again, or ship a variant to make it the shop's strategy.</p>`;
      body = html`${waiting ? this.renderWaiting(waiting) : nothing}${running}
        <div class="form-actions experiment-actions">${stop}</div>${shipForm}`;
    } else if (e.status === 'stopped') {
      body = html`<p class="subdued">${pricing ? 'Stopped: products are priced by the shop\'s pricing agent again; ship a variant to adopt it.'
        : 'Stopped: recommendations are served by the shop\'s strategy; ship a variant to adopt it.'}</p>${shipForm}`;
    } else {
      const v = e.variants.find(x => x.id === e.shipped_variant);
      const what = !v ? nothing : v.strategy === LIST_PRICE
        ? html`The list price won: shipping it switched off the shop's pricing agent, if one was on (it stays in its history),
          and gave the products still at an agent's price their list price back; no agent decides prices any more. `
        : html`<code>${v.strategy}</code> (${configText(v.config)}) is the shop's strategy for ${kind}. `;
      body = banner('success', `Shipped variant ${e.shipped_variant}`,
        html`${what}<a href="#/shops/${encodeURIComponent(this.shop.id)}/strategies">Open strategies</a> to see its history.`);
    }
    return card('Status', body, { cls: 'experiment-status' });
  }

  /** The not-ready state: why nobody is assigned yet, and each variant model's training. */
  renderWaiting(w) {
    return html`<div class="experiment-training">${banner('info', w.title, w.words)}
      ${w.trainings.length ? html`<ul class="variant-trainings">${w.trainings.map(t => html`<li data-job=${t.id}>
        <span><code>${t.strategy}</code> <span class="subdued small">${t.configKey}</span></span>
        ${badge(t.state, t.state === 'failed' ? 'critical' : t.state === 'succeeded' ? 'success' : 'info')}
        ${t.state === 'running' || t.state === 'queued' ? progressBar(t.progress, `training ${t.strategy}`) : nothing}
        ${t.state === 'failed' ? html`<span class="small">${t.error || 'failed'} — the node trains it again within the hour, or stop the experiment.</span>` : nothing}
      </li>`)}</ul>` : nothing}</div>`;
  }

  renderResults() {
    const r = this.results;
    const e = this.experiment;
    if (!r) return nothing;
    const [one, many] = unitWords(r.unit || e.unit);
    const [tone, title] = VERDICT[r.verdict.code] || ['info', 'Verdict'];
    const refresh = html`<button class="button slim" @click=${() => this.load()}>Refresh</button>`;
    const head = html`<p class="subdued small">${r.days ? `${num(r.days)} of ${num(e.max_days)} planned days` : 'No data yet'} ·
      ${metricName(e.kind, r.primary_metric)} (${r.metric_kind}) · tuned to find a ${rate(r.mde)} lift ·
      ${Math.round((1 - r.alpha) * 100)} % always-valid intervals${this.refreshedAt ? html` · updated ${new Date(this.refreshedAt).toLocaleTimeString()}${e.status === 'running' ? `, refreshes every ${this.waitingForModels ? 'few seconds' : '15 s'}` : ''}` : nothing}</p>
      ${e.kind === 'pricing' && r.variants ? html`<p class="subdued small">A ${one} counts once it has been priced in the experiment for a whole day: its
        outcome is its ${r.primary_metric === 'profit' ? 'profit' : 'revenue'} per day since then.</p>` : nothing}`;
    const srm = r.sample_ratio;
    const verdict = html`<div class="verdict">${banner(tone, title, r.verdict.words)}</div>`;
    if (!r.variants) return card('Results', html`${head}${verdict}`, { actions: refresh, cls: 'experiment-results' });
    return card('Results', html`${head}
      ${srm?.mismatch ? html`<div class="srm-warning">${banner('critical', 'Sample ratio mismatch — do not trust these results',
        `The ${many} did not split by the weights (chi-square p = ${srm.p_value.toPrecision(2)}, below ${srm.threshold}). Assignment or tracking is broken: a variant loses or gains ${many} for a reason of its own. Fix that, then start a new experiment.`)}</div>` : nothing}
      ${verdict}
      ${e.kind === 'pricing' ? this.renderPricingTable() : this.renderTable()}
      ${srm && !srm.mismatch ? html`<p class="subdued small srm-ok">Split check: ${many} follow the weights (chi-square p = ${srm.p_value.toPrecision(2)}; a mismatch is flagged below ${srm.threshold}).</p>` : nothing}`,
    { actions: refresh, cls: 'experiment-results' });
  }

  /** The cells every kind shares: lift with its interval bar, chance to beat control, decision. */
  comparisonCells(v, i, c, scale, many) {
    return html`<td class="lift">${i === 0 ? html`<span class="subdued">control</span>` : c ? html`<div class="lift-cell">
        <span class="lift-value">${lift(c.lift)}</span>${intervalBar(c, scale)}</div>` : '—'}</td>
      <td class="num">${i === 0 ? '—' : chance(c?.probability_to_beat)}</td>
      <td class="small">${i === 0 || !c ? '—' : c.decided ? `decided on day ${num(c.decided_on_day)}`
        : c.units_needed ? `about ${num(c.units_needed)} more ${many}` : 'undecided'}</td>`;
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
      <tbody>${r.variants.map((v, i) => html`<tr data-variant=${v.id}>
          <td><strong>${v.id}</strong> <code>${v.strategy}</code></td>
          <td class="num">${num(v.units)}</td>
          <td class="num">${rate(v.share)} <span class="subdued small">(${rate(v.weight / total)})</span></td>
          <td class="num">${revenue ? money(v.total, this.currency) : num(v.conversions)}</td>
          <td class="num">${estimate(v)}</td>
          ${this.comparisonCells(v, i, byVariant.get(v.id), scale, 'customers')}
        </tr>`)}</tbody></table></div>`;
  }

  /**
   * A pricing experiment per variant: the products counted, their share, the product-days they add up to, the mean
   * revenue (or profit) per product-day — `total` is a sum of per-product rates, not money taken, so it is not shown.
   */
  renderPricingTable() {
    const r = this.results;
    const total = r.variants.reduce((s, v) => s + v.weight, 0);
    const byVariant = new Map((r.comparisons || []).map(c => [c.variant, c]));
    const scale = liftScale(r.comparisons || [], r.mde);
    return html`<div class="table-wrap"><table class="table results-table pricing-results"><thead><tr>
      <th scope="col">Variant</th><th scope="col" class="num">Products</th><th scope="col" class="num">Share (planned)</th>
      <th scope="col" class="num">Product-days</th>
      <th scope="col" class="num">${r.primary_metric === 'profit' ? 'Profit' : 'Revenue'} per product-day</th>
      <th scope="col">Lift vs control (always-valid interval)</th><th scope="col" class="num">Chance to beat control</th>
      <th scope="col">Decision</th></tr></thead>
      <tbody>${r.variants.map((v, i) => html`<tr data-variant=${v.id}>
          <td><strong>${v.id}</strong> <code>${v.strategy}</code></td>
          <td class="num">${num(v.units)}</td>
          <td class="num">${rate(v.share)} <span class="subdued small">(${rate(v.weight / total)})</span></td>
          <td class="num">${v.product_days === undefined ? '—' : num(Math.round(v.product_days * 10) / 10)}</td>
          <td class="num">${money(v.estimate, this.currency)}</td>
          ${this.comparisonCells(v, i, byVariant.get(v.id), scale, 'products')}
        </tr>`)}</tbody></table></div>`;
  }
}
customElements.define('mr-experiment', Experiment);
