// Training results in merchant words: a strategy's figures (a training job's `metrics`, or the pricing agents'
// results) turned into a few sentences, with the raw figures behind a disclosure. `summarize` is pure (the browser
// test runs it on hand-made figures); <mr-training-result> adds what the job does not carry — how accurate a
// forecaster's served forecasts were, from GET …/performance.
import { html, nothing } from 'lit';
import { api, seg } from './api.js';
import { View } from './ui.js';
import { num, pct, money, label } from './format.js';
import { catalog, currencyOf } from './insights/common.js';

const PERFORMANCE_DAYS = 30;

const productDays = n => `${num(n)} product-day${n === 1 ? '' : 's'}`;
const has = (m, key) => typeof m?.[key] === 'number' && Number.isFinite(m[key]);

function profilerWords(m) {
  const out = [];
  if (has(m, 'customers')) {
    out.push(`Profiled ${num(m.customers)} customers${has(m, 'buyers') ? `, ${num(m.buyers)} of them with orders` : ''}.`);
  }
  if (has(m, 'clv_expected_purchases_90d')) {
    let s = `Expects ${num(Math.round(m.clv_expected_purchases_90d))} purchases in the next 90 days`;
    if (has(m, 'clv_likely_gone') && m.buyers > 0) {
      s += `; ${pct(m.clv_likely_gone / m.buyers)} of customers with orders are likely gone (less than an even chance they are still buying)`;
    }
    out.push(`${s}.`);
  }
  if (has(m, 'segments_k')) out.push(`Sorted them into ${num(m.segments_k)} segments.`);
  if (m.bgnbd_fitted === 0) {
    out.push('Too few repeat buyers to learn this shop\'s own buying rhythm yet: purchase and churn figures lean on published reference values until more orders come in.');
  }
  return out;
}

function recommenderWords(m) {
  const out = [];
  if (has(m, 'interactions')) {
    // Anonymous visitors count too (recommenders learn from their views), hence shoppers rather than customers.
    const who = has(m, 'customers') ? ` of ${num(m.customers)} shoppers` : '';
    const what = has(m, 'products') ? ` with ${num(m.products)} products` : '';
    out.push(`Learned from ${num(m.interactions)} interactions${who}${what}.`);
  }
  if (has(m, 'pairs')) out.push(`Found ${num(m.pairs)} pairs of products bought together.`);
  if (has(m, 'neighbour_entries')) {
    out.push(has(m, 'users') && !has(m, 'items')
      ? `Keeps ${num(m.neighbour_entries)} links between customers with similar taste.`
      : `Keeps ${num(m.neighbour_entries)} links between similar products.`);
  }
  return out;
}

/** `accuracy`: the strategy's totals row of the forecaster performance report, if any. */
function forecasterWords(m, accuracy) {
  const out = [];
  if (has(m, 'series')) {
    let s = `Forecasts the daily demand of ${num(m.series)} products`;
    if (m.failed_series > 0) s += `; ${num(m.failed_series)} could not be forecast (the node's log says why)`;
    out.push(`${s}.`);
  }
  if (accuracy && accuracy.product_days > 0 && accuracy.wape !== null && accuracy.wape !== undefined) {
    let s = `Over the last ${PERFORMANCE_DAYS} days its forecasts missed ${pct(accuracy.wape)} of the units sold`;
    if (accuracy.bias !== null && accuracy.bias !== undefined && Math.abs(accuracy.bias) >= 0.005) {
      s += ` and ran ${pct(Math.abs(accuracy.bias))} too ${accuracy.bias > 0 ? 'high' : 'low'}`;
    }
    if (accuracy.mase !== null && accuracy.mase !== undefined) {
      s += ` — ${accuracy.mase < 1 ? 'more accurate than' : 'no more accurate than'} simply repeating last week's sales`;
    }
    out.push(`${s}.`);
    if (accuracy.coverage_80 !== null && accuracy.coverage_80 !== undefined) {
      out.push(`Sales fell inside its 80 % range on ${pct(accuracy.coverage_80)} of product-days (about 80 % is right).`);
    }
  } else if (accuracy !== undefined) {
    out.push('How accurate it is shows here once its forecasts meet real sales (scored day by day).');
  }
  return out;
}

/**
 * What a pricing agent does and earned. `mode`: the binding's (or the spec's default) suggest/auto; `agent` and
 * `listPrice`: the pricing performance report's totals rows of the agent and of `list-price` (null when absent).
 */
export function pricingWords(strategy, mode, agent, listPrice, currency) {
  const out = [`Sets each product's price for the next period from its price grid and learns from what sold at each price${
    mode === 'suggest' ? '; every new price waits for your approval (Insights › Pricing)' : mode === 'auto' ? '; new prices take effect at once' : ''}.`];
  if (agent?.product_days > 0) {
    let s = `Over the last ${PERFORMANCE_DAYS} days, products earned ${money(agent.revenue_per_product_day, currency)} a day under ${strategy} (${productDays(agent.product_days)})`;
    if (listPrice?.product_days > 0) {
      s += ` against ${money(listPrice.revenue_per_product_day, currency)} at list price (${productDays(listPrice.product_days)}) — a comparison, not an experiment: season and stock differ`;
    }
    out.push(`${s}.`);
  } else if (agent !== undefined) {
    out.push(`Nothing to compare yet: no product-day of the last ${PERFORMANCE_DAYS} days was priced by ${strategy} (a day counts for the price in force at noon UTC).`);
  }
  return out;
}

/**
 * Sentences for a training result of a kind. Unknown figures (a third-party strategy's own) get no sentence of
 * their own: they stay in the raw figures.
 */
export function summarize(kind, metrics, accuracy) {
  const m = metrics || {};
  const words = kind === 'profiler' ? profilerWords(m) : kind === 'recommender' ? recommenderWords(m)
    : kind === 'forecaster' ? forecasterWords(m, accuracy) : [];
  return words.length ? words : ['Training finished; the figures below are the strategy\'s own.'];
}

/** The figures as the strategy reported them, folded away. */
export function rawFigures(metrics) {
  const entries = Object.entries(metrics || {}).filter(([, v]) => typeof v !== 'string');
  if (!entries.length) return nothing;
  return html`<details class="raw-figures"><summary>Raw figures (${entries.length})</summary>
    <table class="metrics"><caption class="visually-hidden">Figures reported by the training</caption><tbody>
    ${entries.map(([k, v]) => html`<tr><th scope="row">${label(k)} <code class="key">${k}</code></th>
      <td>${typeof v === 'number' ? num(v) : JSON.stringify(v)}</td></tr>`)}
    </tbody></table></details>`;
}

/** The last 30 days of a kind's performance report (GET …/performance), optionally for one strategy. */
export function recentPerformance(shopId, kind, strategy) {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (PERFORMANCE_DAYS - 1) * 86400000).toISOString().slice(0, 10);
  const only = strategy ? `&strategy=${encodeURIComponent(strategy)}` : '';
  return api('GET', `/api/v1/shops/${seg(shopId)}/performance?kind=${kind}&from=${from}&to=${to}${only}`);
}

/** <mr-training-result .shop .job>: a succeeded job's result in words, then its raw figures. */
class TrainingResult extends View {
  static properties = { shop: { attribute: false }, job: { attribute: false }, accuracy: { state: true } };

  updated(changed) {
    if ((changed.has('job') || changed.has('shop')) && this.job?.kind === 'forecaster'
        && this.job.job_id !== this.accuracyFor) {
      this.accuracyFor = this.job.job_id;
      this.accuracy = undefined;
      recentPerformance(this.shop.id, 'forecaster', this.job.strategy)
        .then(r => { this.accuracy = r.totals.find(t => t.strategy === this.job.strategy) || null; })
        .catch(() => { this.accuracy = undefined; }); // no report (older node): the job's own figures still speak
    }
  }

  render() {
    const j = this.job;
    if (!j) return nothing;
    return html`<div class="training-result">
      <p class="training-summary">${summarize(j.kind, j.metrics, this.accuracy).join(' ')}</p>
      ${rawFigures(j.metrics)}
    </div>`;
  }
}
customElements.define('mr-training-result', TrainingResult);

/** <mr-agent-summary .shop .binding .strategy>: what the shop's pricing agent does and earned, in words. */
class AgentSummary extends View {
  static properties = { shop: { attribute: false }, binding: { attribute: false }, strategy: { attribute: false },
    report: { state: true }, currency: { state: true } };

  updated(changed) {
    if (changed.has('shop') || changed.has('binding')) {
      this.report = undefined;
      recentPerformance(this.shop.id, 'pricing')
        .then(r => { this.report = r; })
        .catch(() => { this.report = null; });
      catalog(this.shop.id).then(products => { this.currency = currencyOf(products); }).catch(() => {});
    }
  }

  render() {
    const b = this.binding;
    const mode = b.config?.mode ?? this.strategy?.config_spec?.find(k => k.key === 'mode')?.default;
    const totals = this.report?.totals;
    const agent = totals === undefined ? undefined : totals.find(t => t.strategy === b.strategy) || null;
    const listPrice = totals?.find(t => t.strategy === 'list-price') || null;
    return html`<div class="training-result">
      <p class="training-summary">${pricingWords(b.strategy, mode, agent, listPrice, this.currency).join(' ')}</p>
      ${agent ? rawFigures(agent) : nothing}
    </div>`;
  }
}
customElements.define('mr-agent-summary', AgentSummary);
