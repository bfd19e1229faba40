// Forecast per product: daily demand history and the forecaster's mean with 80% and 95% bands.
import { html, nothing } from 'lit';
import { api, seg } from '../api.js';
import { View, card, banner, spinner, toastError } from '../ui.js';
import { num, date } from '../format.js';
import { dayToX } from '../chart.js';
import { catalog, enableFirst, notRunning, recentBestSellers } from './common.js';

class ForecastView extends View {
  static properties = { shop: { attribute: false }, requested: {}, products: { state: true }, product: { state: true },
    horizon: { state: true }, chart: { state: true }, forecast: { state: true }, error: { state: true }, busy: { state: true } };

  constructor() {
    super();
    this.horizon = 28;
  }

  updated(changed) {
    if (changed.has('shop')) {
      this.forecast = null;
      this.chart = null;
      this.product = this.requested;
      if (this.product) this.show();
      Promise.all([catalog(this.shop.id), recentBestSellers(this.shop.id).catch(() => [])]).then(([p, best]) => {
        this.products = p.filter(x => !x.hidden);
        if (!this.product && this.products.length) {
          // Start with a recent best seller: its chart has history worth looking at.
          const known = new Set(this.products.map(x => x.product_id));
          this.product = best.find(id => known.has(id)) || this.products[0].product_id;
          this.show();
        }
      }).catch(e => toastError('Could not load the catalog', e));
    } else if (changed.has('requested') && this.requested && this.requested !== this.product) {
      this.product = this.requested;
      this.show();
    }
  }

  choose(product) {
    this.product = product;
    // Bookmarkable without a hashchange (which would render the page again).
    history.replaceState(null, '', `#/shops/${encodeURIComponent(this.shop.id)}/insights/forecast/${encodeURIComponent(product)}`);
    this.show();
  }

  async show() {
    if (!this.product) return;
    this.busy = true;
    this.error = null;
    const base = `/api/v1/shops/${seg(this.shop.id)}`;
    try {
      const [history, forecast] = await Promise.all([
        api('GET', `${base}/products/${seg(this.product)}/demand?days=120`),
        api('GET', `${base}/forecasts/${seg(this.product)}?horizon=${this.horizon}`)]);
      this.forecast = forecast;
      this.chart = this.chartOf(history.points, forecast.points);
    } catch (e) {
      this.error = e;
      this.forecast = null;
      this.chart = null;
    } finally {
      this.busy = false;
    }
  }

  /** History and forecast on one time axis; the bands are filled between their lower and upper series. */
  chartOf(history, points) {
    const xs = [...history.map(p => dayToX(p.date)), ...points.map(p => dayToX(p.date))];
    const pad = (before, values, after) => [...Array(before).fill(null), ...values, ...Array(after).fill(null)];
    const h = history.length;
    const f = points.length;
    const col = key => pad(h, points.map(p => p[key]), 0);
    const data = [xs, pad(0, history.map(p => p.units), f), col('mean'), col('lo80'), col('hi80'), col('lo95'), col('hi95')];
    const faint = { width: 0, points: { show: false } };
    return {
      label: `Daily demand of ${this.product}: ${h} days of history and a ${f}-day forecast with 80% and 95% intervals`,
      data,
      options: {
        height: 320,
        series: [{}, { label: 'Units sold', stroke: '#303030', width: 1.5, value: (u, v) => (v === null ? '—' : num(v)) },
          { label: 'Forecast', stroke: '#2c6ecb', width: 2, dash: [6, 4], value: (u, v) => (v === null ? '—' : num(v)) },
          { label: '80% low', ...faint }, { label: '80% high', ...faint }, { label: '95% low', ...faint }, { label: '95% high', ...faint }],
        bands: [{ series: [4, 3], fill: 'rgba(44,110,203,0.28)' }, { series: [6, 5], fill: 'rgba(44,110,203,0.12)' }],
        axes: [{}, { label: 'units / day', values: (u, vals) => vals.map(v => num(v)) }],
        scales: { y: { range: (u, min, max) => [Math.min(0, min), max * 1.05 || 1] } },
      },
    };
  }

  render() {
    const products = this.products || [];
    return html`${card('Demand forecast', html`
      <form class="inline-form" @submit=${e => { e.preventDefault(); this.show(); }}>
        <label class="field"><span>Product</span><select name="product" @change=${e => this.choose(e.target.value)}>
          ${products.map(p => html`<option value=${p.product_id} ?selected=${p.product_id === this.product}>${p.title || p.product_id} (${p.product_id})</option>`)}
        </select></label>
        <label class="field narrow"><span>Horizon</span><select name="horizon" @change=${e => { this.horizon = Number(e.target.value); this.show(); }}>
          ${[14, 28, 56, 91].map(d => html`<option value=${d} ?selected=${d === this.horizon}>${d} days</option>`)}</select></label>
      </form>
      ${this.products && !products.length ? html`<p class="subdued">No products in the catalog yet: upload products under Data.</p>` : nothing}
      ${this.busy ? spinner('Forecasting…') : nothing}
      ${this.error ? notRunning(this.error) ? enableFirst(this.shop, 'forecaster', 'forecasts', this.error)
        : banner('critical', 'No forecast', this.error.message) : nothing}
      ${this.chart ? html`<div class="legend-note small subdued">Shaded: 80% (dark) and 95% (light) prediction intervals. Gaps in the history are days out of stock.</div>
        <mr-chart class="forecast-chart" .config=${this.chart}></mr-chart>` : nothing}`)}
      ${this.forecast ? card('Forecast values', html`<p class="subdued small">Model: ${this.forecast.model} (strategy <code>${this.forecast.strategy}</code>)</p>
        <div class="table-wrap"><table class="table compact"><thead><tr><th scope="col">Day</th><th scope="col" class="num">Expected</th>
          <th scope="col" class="num">80% interval</th><th scope="col" class="num">95% interval</th></tr></thead>
        <tbody>${this.forecast.points.map(p => html`<tr><td>${date(p.date)}</td><td class="num">${num(p.mean)}</td>
          <td class="num">${num(p.lo80)} – ${num(p.hi80)}</td><td class="num">${num(p.lo95)} – ${num(p.hi95)}</td></tr>`)}</tbody></table></div>`) : nothing}`;
  }
}
customElements.define('mr-insight-forecast', ForecastView);
