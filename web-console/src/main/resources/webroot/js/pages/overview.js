// <mr-overview>: every shop the user reaches, with data freshness, event counts, active strategies and alerts.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, spinner } from '../ui.js';
import { num, ago, dateTime, KINDS, KIND_ORDER } from '../format.js';

const DAY = 86400 * 1000;

/** Fresh within 2 days, stale within 14, else old: how much a model trained today can trust the data. */
export function freshness(latest) {
  if (!latest) return ['No data', 'critical'];
  const age = Date.now() - new Date(latest).getTime();
  return age < 2 * DAY ? ['Fresh', 'success'] : age < 14 * DAY ? ['Stale', 'warning'] : ['Outdated', 'critical'];
}

/** The newest job per kind; alerts for those that failed. */
export function failedJobs(jobs) {
  const latest = new Map();
  for (const j of jobs) if (!latest.has(j.kind)) latest.set(j.kind, j);
  return [...latest.values()].filter(j => j.state === 'failed');
}

class Overview extends View {
  static properties = { shops: { attribute: false }, me: { attribute: false }, details: { state: true } };

  constructor() {
    super();
    this.details = {};
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
      ${disabled.map(b => banner('warning', `${KINDS[b.kind]?.title || b.kind} is switched off`,
        'Requests for it are answered with 409 until it is enabled again.'))}
    `, { actions, cls: 'shop-card' });
  }
}
customElements.define('mr-overview', Overview);
