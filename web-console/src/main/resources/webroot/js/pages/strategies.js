// <mr-strategies>: one card per kind — enable/disable, choose a strategy, a form generated from its config spec
// with inline errors from the validate endpoint, change history with restore, and training with live progress and
// its result in words (training-summary.js).
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, progressBar, spinner, loadError, toast, toastError, debounce }
  from '../ui.js';
import { num, ago, dateTime, label, KINDS, KIND_ORDER } from '../format.js';
import { configFields, toConfig, toValues, validateConfig } from '../config-form.js';
import '../training-summary.js';

class Strategies extends View {
  static properties = { shop: { attribute: false }, catalog: { state: true }, bindings: { state: true },
    jobs: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('shop')) this.load();
  }

  async load() {
    this.error = null;
    try {
      const base = `/api/v1/shops/${seg(this.shop.id)}`;
      const [catalog, bindings, jobs] = await Promise.all([api('GET', '/api/v1/strategies'),
        api('GET', `${base}/strategies`), api('GET', `${base}/jobs?limit=50`)]);
      this.catalog = catalog.strategies;
      this.bindings = bindings.bindings;
      this.jobs = jobs.jobs;
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    const header = pageHeader('Strategies', `What ${this.shop.name} computes for its customers, products and prices.`);
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    if (!this.catalog) return html`<div class="page">${header}${spinner()}</div>`;
    // An experiment variant's training (config_key) is not the binding's: the Experiments page shows it.
    return html`<div class="page">${header}
      <div class="stack">${KIND_ORDER.map(kind => html`<mr-strategy-card .shop=${this.shop} .kind=${kind}
        .options=${this.catalog.filter(s => s.kind === kind)}
        .binding=${this.bindings.find(b => b.kind === kind) || null}
        .lastJob=${this.jobs.find(j => j.kind === kind && !j.config_key) || null}
        @binding-changed=${() => this.load()}></mr-strategy-card>`)}</div>
    </div>`;
  }
}
customElements.define('mr-strategies', Strategies);

function describeChange(change) {
  const o = change.old;
  const n = change.new;
  if (!n) return `removed ${o?.strategy || ''}`;
  if (!o) return `set up ${n.strategy}${Object.keys(n.config || {}).length ? ' with ' + JSON.stringify(n.config) : ''}`;
  const parts = [];
  if (o.strategy !== n.strategy) parts.push(`strategy ${o.strategy} → ${n.strategy}`);
  if (o.enabled !== n.enabled) parts.push(n.enabled ? 'enabled' : 'disabled');
  const keys = new Set([...Object.keys(o.config || {}), ...Object.keys(n.config || {})]);
  for (const k of keys) {
    const a = JSON.stringify(o.config?.[k] ?? 'default');
    const b = JSON.stringify(n.config?.[k] ?? 'default');
    if (a !== b) parts.push(`${k} ${a} → ${b}`);
  }
  return parts.join('; ') || 'no change';
}

function sameSide(a, b) {
  return a && b && a.strategy === b.strategy && a.enabled === b.enabled && JSON.stringify(a.config) === JSON.stringify(b.config);
}

class StrategyCard extends View {
  static properties = {
    shop: { attribute: false }, kind: {}, options: { attribute: false }, binding: { attribute: false },
    lastJob: { attribute: false }, selected: { state: true }, values: { state: true }, errors: { state: true },
    history: { state: true }, job: { state: true }, busy: { state: true }, validating: { state: true },
  };

  constructor() {
    super();
    this.values = {};
    this.errors = {};
    this.history = [];
    this.validateSoon = debounce(() => this.validate(), 350);
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}/strategies/${this.kind}`;
  }

  get strategy() {
    return this.options.find(s => s.id === this.selected);
  }

  willUpdate(changed) {
    if (changed.has('binding') || changed.has('options')) {
      this.selected = this.binding?.strategy || this.selected || this.options[0]?.id;
      const spec = this.strategy?.config_spec || [];
      this.values = this.binding && this.binding.strategy === this.selected ? toValues(spec, this.binding.config) : {};
      this.errors = {};
    }
    if (changed.has('lastJob') && this.lastJob && (!this.job || this.job.job_id === this.lastJob.job_id)) {
      this.job = this.lastJob;
      if (['queued', 'running'].includes(this.lastJob.state)) this.follow(this.lastJob.job_id);
    }
  }

  updated(changed) {
    if (changed.has('binding') || changed.has('shop')) this.loadHistory();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopped = true;
  }

  async loadHistory() {
    if (!this.binding) {
      this.history = [];
      return;
    }
    try {
      this.history = (await api('GET', `${this.base}/history?limit=20`)).history;
    } catch (e) {
      toastError('Could not load the change history', e);
    }
  }

  choose(id) {
    this.selected = id;
    this.values = this.binding?.strategy === id ? toValues(this.strategy.config_spec, this.binding.config) : {};
    this.errors = {};
  }

  setValue(key, value) {
    this.values = { ...this.values, [key]: value };
    this.validateSoon();
  }

  /** Asks the server which fields are wrong; answers whether the config is valid. */
  async validate() {
    if (!this.strategy) return false;
    this.validating = true;
    try {
      const { valid, errors } = await validateConfig(this.strategy, this.values);
      this.errors = errors;
      return valid;
    } catch (e) {
      toastError('Could not validate', e);
      return false;
    } finally {
      this.validating = false;
    }
  }

  async save() {
    this.busy = true;
    try {
      if (!(await this.validate())) {
        toast('Fix the highlighted fields before saving.', 'critical');
        this.querySelector('[aria-invalid="true"]')?.focus();
        return;
      }
      const saved = await api('PUT', this.base, { strategy: this.selected,
        config: toConfig(this.strategy.config_spec, this.values), enabled: this.binding ? this.binding.enabled : true });
      toast(`Saved: ${KINDS[this.kind].title} uses ${saved.strategy} (version ${num(saved.version)}).`);
      this.dispatchEvent(new CustomEvent('binding-changed'));
    } catch (e) {
      if (e.errors?.length) {
        this.errors = Object.fromEntries(e.errors.map(x => [x.key, x.message]));
      }
      toastError('Could not save', e);
    } finally {
      this.busy = false;
    }
  }

  async setEnabled(enabled) {
    try {
      await api('PUT', this.base, { strategy: this.binding.strategy, config: this.binding.config, enabled });
      toast(`${KINDS[this.kind].title} ${enabled ? 'enabled' : 'disabled'}.`);
      this.dispatchEvent(new CustomEvent('binding-changed'));
    } catch (e) {
      toastError(`Could not ${enabled ? 'enable' : 'disable'}`, e);
    }
  }

  async restore(side, what) {
    try {
      await api('PUT', this.base, { strategy: side.strategy, config: side.config, enabled: side.enabled });
      toast(`${what}: ${side.strategy} with ${JSON.stringify(side.config)}.`);
      this.dispatchEvent(new CustomEvent('binding-changed'));
    } catch (e) {
      toastError(`Could not restore (${what.toLowerCase()})`, e);
    }
  }

  async train() {
    try {
      this.job = await api('POST', `${this.base}/train`);
      toast(`Training of ${this.binding.strategy} queued.`, 'info');
      this.follow(this.job.job_id);
    } catch (e) {
      toastError('Could not start training', e);
    }
  }

  /** Polls the job until it finishes (twice a second: the server writes progress at most that often). */
  async follow(id) {
    if (this.following === id) return;
    this.following = id;
    while (!this.stopped && this.following === id) {
      try {
        this.job = await api('GET', `/api/v1/jobs/${seg(id)}`);
      } catch (e) {
        toastError('Lost track of the training job', e);
        break;
      }
      if (this.job.state === 'succeeded') {
        toast(`Training finished: ${this.job.strategy} now serves ${this.shop.name}.`);
        break;
      }
      if (this.job.state === 'failed') {
        toast(`Training failed: ${this.job.error || 'no reason given'}`, 'critical');
        break;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    this.following = null;
  }

  render() {
    const k = KINDS[this.kind];
    const b = this.binding;
    const status = !b ? badge('Not set up', 'neutral') : b.enabled ? badge('Enabled', 'success') : badge('Disabled', 'warning');
    const toggle = b ? html`<label class="switch"><input type="checkbox" role="switch" .checked=${live(b.enabled)}
        @change=${e => this.setEnabled(e.target.checked)} aria-label="${k.title} enabled"><span class="slider"
        aria-hidden="true"></span><span>${b.enabled ? 'On' : 'Off'}</span></label>` : nothing;
    const title = html`${k.title} ${status}`;
    if (!this.options.length) {
      return card(title, html`<p class="subdued">${k.blurb}</p>${emptyState(`No ${k.noun} is installed`,
        `Strategies of this kind come from plugins. Once a plugin with a ${k.noun} is installed (administrators: Plugins), choose it here.`)}`,
        { actions: toggle, id: `card-${this.kind}`, cls: 'strategy-card' });
    }
    return card(title, html`
      <p class="subdued">${k.blurb}</p>
      <div class="strategy-layout">
        <div class="strategy-form">
          <label class="field"><span>Strategy</span>
            <select name="strategy" @change=${e => this.choose(e.target.value)}>
              ${this.options.map(s => html`<option value=${s.id} ?selected=${s.id === this.selected}>${s.name} (${s.id})</option>`)}
            </select></label>
          ${this.strategy ? html`<p class="doc">${this.strategy.doc}</p>${this.renderForm()}` : nothing}
          <div class="form-actions">
            <button class="button primary" @click=${() => this.save()} ?disabled=${this.busy}>${b ? 'Save changes' : 'Set up'}</button>
            ${this.validating ? html`<span class="subdued small" role="status">Checking…</span>` : nothing}
          </div>
        </div>
        <div class="strategy-side">
          ${this.renderTraining()}
          ${this.renderHistory()}
        </div>
      </div>`, { actions: toggle, id: `card-${this.kind}`, cls: 'strategy-card' });
  }

  renderForm() {
    return configFields({ spec: this.strategy.config_spec, idPrefix: this.kind, values: this.values, errors: this.errors,
      onChange: (key, value) => this.setValue(key, value) });
  }

  renderTraining() {
    const b = this.binding;
    if (this.kind === 'pricing') {
      // Pricing agents learn online from each period's outcome: nothing to train, so say what the agent does.
      return html`<div class="subcard training">
        <div class="subcard-header"><h3>What it does</h3></div>
        ${b ? html`<mr-agent-summary .shop=${this.shop} .binding=${b} .strategy=${this.options.find(s => s.id === b.strategy)}></mr-agent-summary>`
          : html`<p class="subdued small">Set up a pricing agent first; it learns from each period's sales, no training needed.</p>`}
      </div>`;
    }
    const j = this.job;
    const running = j && ['queued', 'running'].includes(j.state);
    return html`<div class="subcard training">
      <div class="subcard-header"><h3>Training</h3>
        <button class="button" @click=${() => this.train()} ?disabled=${!b || running}>Train now</button></div>
      ${!b ? html`<p class="subdued small">Set up a strategy first; then train it on this shop's data.</p>` : nothing}
      ${j ? html`
        <div class="job" data-job=${j.job_id}>
          <div class="job-line">${badge(j.state, { succeeded: 'success', failed: 'critical', running: 'info', queued: 'info' }[j.state])}
            <span class="subdued small">${j.strategy} · ${j.state === 'succeeded' || j.state === 'failed' ? `finished ${ago(j.finished_at)}` : j.message || 'waiting for a worker'}</span></div>
          ${progressBar(j.progress, 'Training progress')}
          <span class="small subdued">${Math.round((j.progress || 0) * 100)}%</span>
          ${j.state === 'failed' ? banner('critical', 'Training failed', j.error) : nothing}
          ${j.state === 'succeeded' && j.metrics ? html`<mr-training-result .shop=${this.shop} .job=${j}></mr-training-result>` : nothing}
        </div>` : b ? html`<p class="subdued small">Never trained. Until a model is trained, requests get 409.</p>` : nothing}
    </div>`;
  }

  renderHistory() {
    if (!this.binding) return nothing;
    return html`<div class="subcard history">
      <div class="subcard-header"><h3>Change history</h3></div>
      ${this.history.length === 0 ? html`<p class="subdued small">No changes recorded.</p>` : html`
      <ol class="history-list">${this.history.map((c, i) => html`<li>
        <div><strong>${label(c.action)}</strong> <span class="subdued small" title=${dateTime(c.at)}>${ago(c.at)} by ${c.actor}</span></div>
        <div class="small change">${describeChange(c)}</div>
        ${i === 0 && c.old ? html`<button class="button slim" @click=${() => this.restore(c.old, 'Rolled back')}>Roll back</button>`
          : i > 0 && c.new && !sameSide(c.new, this.currentSide()) ? html`<button class="button slim"
            @click=${() => this.restore(c.new, 'Restored')}>Restore this version</button>` : nothing}
      </li>`)}</ol>`}
    </div>`;
  }

  currentSide() {
    const b = this.binding;
    return b ? { strategy: b.strategy, config: b.config, enabled: b.enabled } : null;
  }
}
customElements.define('mr-strategy-card', StrategyCard);
