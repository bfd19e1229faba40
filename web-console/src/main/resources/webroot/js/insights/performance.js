// <mr-performance .shop .kind>: what the shop's strategies of one kind earned over the last 30 days, from
// GET /api/v1/shops/{shop}/performance (docs/rest-api.md, Performance): a table per strategy and a daily chart of
// the kind's headline figure. Shown at the top of the Recommendations, Forecast, Segments and Pricing insights.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, card, spinner } from '../ui.js';
import { num, pct } from '../format.js';
import { dayToX, PALETTE } from '../chart.js';

const DAYS = 30;

/** Per kind: the chart's figure, and the table's columns (label, value of a totals row). */
const KIND_VIEWS = {
  recommender: {
    title: 'What recommendations earned',
    explain: 'Lists served, clicks and orders that followed within the attribution window (click-through: the product was clicked in a list; view-through: it was only shown).',
    chart: { key: 'attributed_revenue', label: 'attributed revenue / day' },
    columns: [['Lists served', r => num(r.impressions)], ['Clicks', r => num(r.clicks)],
      ['Click rate', r => pct(r.click_through_rate)], ['Orders (click / view)', r => `${num(r.click_through.orders)} / ${num(r.view_through.orders)}`],
      ['Attributed revenue', r => num(r.attributed_revenue)], ['Per 1,000 lists', r => num(r.revenue_per_mille)]],
  },
  forecaster: {
    title: 'How good the forecasts were',
    explain: 'Each day\'s forecast, as served before the day began, against what sold (stock-out days left out). WAPE: share of units missed; bias above 0: too high; coverage: how often the sale fell in the 80 % band.',
    chart: { key: 'wape', label: 'WAPE (lower is better)' },
    columns: [['Product-days', r => num(r.product_days)], ['Units sold', r => num(r.units_sold)],
      ['Forecast', r => num(r.units_forecast)], ['WAPE', r => pct(r.wape)], ['MASE', r => num(r.mase)],
      ['Bias', r => pct(r.bias)], ['In 80 % band', r => pct(r.coverage_80)]],
  },
  profiler: {
    title: 'Were the churn risks right?',
    explain: 'Churn risk the profiles stated (kept once a week) against who ordered again in the 90 days after; observed figures appear once the 90 days are over.',
    chart: { key: 'predicted_churn', label: 'predicted churn' },
    columns: [['Customers', r => num(r.customers)], ['Came back', r => num(r.came_back)],
      ['Predicted churn', r => pct(r.predicted_churn)], ['Observed churn', r => pct(r.observed_churn)]],
  },
  pricing: {
    title: 'Agent prices against list prices',
    explain: 'The products pricing agents decide for, per product-day: under an agent\'s price, or at the list price. Periods differ in season and stock: this is a comparison, not an experiment.',
    chart: { key: 'revenue_per_product_day', label: 'revenue per product-day' },
    columns: [['Product-days', r => num(r.product_days)], ['Units', r => num(r.units)], ['Revenue', r => num(r.revenue)],
      ['Per product-day', r => num(r.revenue_per_product_day)], ['Profit per product-day', r => num(r.profit_per_product_day)]],
  },
};

class PerformanceView extends View {
  static properties = { shop: { attribute: false }, kind: {}, report: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('shop') || changed.has('kind')) {
      this.report = null;
      this.error = null;
      const to = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - (DAYS - 1) * 86400000).toISOString().slice(0, 10);
      api('GET', `/api/v1/shops/${seg(this.shop.id)}/performance?kind=${this.kind}&from=${from}&to=${to}`)
        .then(r => { this.report = r; this.chart = this.chartOf(r); })
        .catch(e => { this.error = e; });
    }
  }

  chartOf(report) {
    const v = KIND_VIEWS[this.kind];
    const days = [...new Set(report.rows.map(r => r.date))].sort();
    const strategies = report.totals.map(t => t.strategy);
    if (days.length < 2) return null;
    // one series per strategy: the day's figure, summed over variants/categories/groups where it is a sum
    const series = strategies.map(s => days.map(d => {
      const rows = report.rows.filter(r => r.date === d && r.strategy === s && r[v.chart.key] !== null && r[v.chart.key] !== undefined);
      if (!rows.length) return null;
      const values = rows.map(r => r[v.chart.key]);
      return v.chart.key === 'attributed_revenue' ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length;
    }));
    return {
      label: `${v.chart.label} per day and strategy`,
      data: [days.map(dayToX), ...series],
      options: {
        height: 220,
        series: [{}, ...strategies.map((s, i) => ({ label: s, stroke: PALETTE[i % PALETTE.length], width: 1.5,
          value: (u, x) => (x === null ? '—' : num(x)) }))],
        axes: [{}, { label: v.chart.label, values: (u, vals) => vals.map(x => num(x)) }],
      },
    };
  }

  render() {
    const v = KIND_VIEWS[this.kind];
    if (!v) return nothing;
    if (this.error) {
      return card(v.title, html`<p class="subdued">Not available: ${this.error.message}</p>`, { cls: 'performance' });
    }
    if (!this.report) return card(v.title, spinner('Adding up the last 30 days…'), { cls: 'performance' });
    const totals = this.report.totals;
    return card(`${v.title} (last ${DAYS} days)`, html`<p class="subdued small">${v.explain}</p>
      ${totals.length === 0 ? html`<p class="subdued">Nothing to report yet for these days.</p>` : html`
      <div class="table-wrap"><table class="table performance-table"><thead><tr><th scope="col">Strategy</th>
        ${v.columns.map(([label]) => html`<th scope="col" class="num">${label}</th>`)}</tr></thead>
      <tbody>${totals.map(t => html`<tr><td><code>${t.strategy}</code></td>
        ${v.columns.map(([, value]) => html`<td class="num">${value(t) ?? '—'}</td>`)}</tr>`)}</tbody></table></div>
      ${this.chart ? html`<mr-chart class="performance-chart" .config=${this.chart}></mr-chart>` : nothing}`}`,
    { cls: 'performance' });
  }
}
customElements.define('mr-performance', PerformanceView);
