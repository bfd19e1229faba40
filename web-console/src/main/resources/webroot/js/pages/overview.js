// <mr-overview>: every shop the user reaches, with data freshness, event counts, active strategies and alerts.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, spinner } from '../ui.js';
import { num, pct, ago, dateTime, KINDS, KIND_ORDER } from '../format.js';

const DAY = 86400 * 1000;

/** Fresh within 2 days, stale within 14, else old: how much a model trained today can trust the data. */
export function freshness(latest) {
  if (!latest) return ['No data', 'critical'];
  const age = Date.now() - new Date(latest).getTime();
  return age < 2 * DAY ? ['Fresh', 'success'] : age < 14 * DAY ? ['Stale', 'warning'] : ['Outdated', 'critical'];
}

/** The newest job of each kind's binding; alerts for those that failed (experiment variants' jobs are the Experiments page's). */
export function failedJobs(jobs) {
  const latest = new Map();
  for (const j of jobs) if (!j.config_key && !latest.has(j.kind)) latest.set(j.kind, j);
  return [...latest.values()].filter(j => j.state === 'failed');
}

/**
 * The fallback-serving alert from GET …/serving-stats (node-local counts of the last window_minutes): shown when
 * more than half of at least 20 recommendation requests were answered by a fallback rather than the bound
 * recommender. Null when there is nothing to say (few requests, mostly served by the bound one, or no statistics).
 */
export function fallbackAlert(stats) {
  const r = stats?.recommendations;
  if (!r || !(r.requests >= 20) || !(r.fallback_share > 0.5)) return null;
  const byStrategy = Object.entries(r.by_strategy || {}).sort((a, b) => b[1] - a[1]);
  return {
    title: `${pct(r.fallback_share)} of recommendations were served by a fallback in the last ${num(stats.window_minutes)} minutes`,
    text: `${num(r.fallback)} of ${num(r.requests)} requests on this node`
      + (byStrategy.length ? ` (${byStrategy.map(([id, n]) => `${id} ${num(n)}`).join(', ')})` : '')
      + '. The bound recommender had nothing to say or failed: check that it is trained and enabled, or whether these'
      + ' are new visitors without history.',
  };
}

class Overview extends View {
  static properties = { shops: { attribute: false }, me: { attribute: false }, details: { state: true },
    serving: { state: true } };

  constructor() {
    super();
    this.details = {};
    this.serving = {};
  }

  updated(changed) {
    if (changed.has('shops')) this.load();
  }

  async load() {
    for (const shop of this.shops || []) {
      const base = `/api/v1/shops/${seg(shop.id)}`;
      Promise.all([api('GET', `${base}/events/summary`), api('GET', `${base}/strategies`), api('GET', `${base}/jobs?limit=20`)])
        .then(([summary, bindings, jobs]) => {
          this.details = { ...this.details, [shop.id]: { summary, bindings: bindings.bindings, jobs: jobs.jobs } };
        })
        .catch(error => { this.details = { ...this.details, [shop.id]: { error } }; });
      // Optional: nodes without serving statistics answer 404, and then there is simply no such alert.
      api('GET', `${base}/serving-stats`)
        .then(stats => { this.serving = { ...this.serving, [shop.id]: { stats } }; })
        .catch(error => { if (error.status !== 404) this.serving = { ...this.serving, [shop.id]: { error } }; });
    }
  }

  render() {
    const shops = this.shops || [];
    return html`<div class="page">
      ${pageHeader('Overview', shops.length ? `${num(shops.length)} shop${shops.length === 1 ? '' : 's'}` : null)}
      ${shops.length === 0 ? card(null, emptyState('No shops yet', this.me?.admin
        ? 'Create a shop with POST /api/v1/shops (see docs/rest-api.md), then give merchants access in Users.'
        : 'Your account has no shops yet. Ask an administrator to add one.')) : nothing}
      <div class="grid">${shops.map(s => this.shopCard(s))}</div>
    </div>`;
  }

  shopCard(shop) {
    const d = this.details[shop.id];
    const base = `#/shops/${encodeURIComponent(shop.id)}`;
    const actions = html`<a class="button" href="${base}/strategies">Strategies</a><a class="button" href="${base}/data">Data</a>`;
    if (!d) return card(shop.name, spinner(), { actions, cls: 'shop-card' });
    if (d.error) return card(shop.name, banner('critical', 'Could not load this shop', d.error.message), { actions, cls: 'shop-card' });
    const [fresh, tone] = freshness(d.summary.latest_event_at);
    const last30 = Object.values(d.summary.last_30_days || {}).reduce((a, b) => a + b, 0);
    const failed = failedJobs(d.jobs);
    const disabled = d.bindings.filter(b => !b.enabled);
    return card(html`${shop.name} <span class="subdued small">${shop.id}</span>`, html`
      <div class="stats">
        <div class="stat"><span class="stat-label">Data</span><span class="stat-value">${badge(fresh, tone)}</span>
          <span class="stat-note" title=${dateTime(d.summary.latest_event_at)}>latest event ${ago(d.summary.latest_event_at)}</span></div>
        <div class="stat"><span class="stat-label">Events</span><span class="stat-value">${num(d.summary.total)}</span>
          <span class="stat-note">${num(last30)} in the last 30 days</span></div>
        <div class="stat"><span class="stat-label">Active strategies</span>
          <span class="stat-value">${num(d.bindings.filter(b => b.enabled).length)} / ${KIND_ORDER.length}</span></div>
      </div>
      <ul class="kind-list">${KIND_ORDER.map(kind => {
        const b = d.bindings.find(x => x.kind === kind);
        return html`<li><span>${KINDS[kind].title}</span>${b
          ? html`<span><code>${b.strategy}</code> ${b.enabled ? badge('On', 'success') : badge('Off', 'neutral')}</span>`
          : html`<span class="subdued">not set up</span>`}</li>`;
      })}</ul>
      ${d.summary.total === 0 ? banner('info', 'No data yet',
        html`Upload a CSV in <a href="${base}/data">Data</a> or send events to the REST API; strategies learn from it.`) : nothing}
      ${failed.map(j => banner('critical', `Training of the ${KINDS[j.kind]?.noun || j.kind} (${j.strategy}) failed ${ago(j.finished_at)}`,
        html`${j.error || 'no reason given'} — <a href="${base}/strategies">open strategies</a>`))}
      ${this.servingAlert(shop, base)}
      ${disabled.map(b => banner('warning', `${KINDS[b.kind]?.title || b.kind} is switched off`,
        'Requests for it are answered with 409 until it is enabled again.'))}
    `, { actions, cls: 'shop-card' });
  }

  servingAlert(shop, base) {
    const s = this.serving[shop.id];
    if (!s) return nothing;
    if (s.error) return html`<p class="subdued small">Serving statistics unavailable: ${s.error.message}</p>`;
    const alert = fallbackAlert(s.stats);
    return alert ? banner('warning', alert.title, html`${alert.text} <a href="${base}/strategies">Open strategies</a>`) : nothing;
  }
}
customElements.define('mr-overview', Overview);
