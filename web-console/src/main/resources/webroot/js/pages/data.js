// <mr-data>: what the shop has sent — counts by type over time, recent events, the catalog with search, and CSV
// upload (the same columns as `merchantry import`, mapped server-side) with a downloadable rejected-rows report.
import { html, nothing } from 'lit';
import { api, upload, seg } from '../api.js';
import { View, pageHeader, card, emptyState, badge, banner, progressBar, spinner, loadError, toast, toastError } from '../ui.js';
import { num, money, dateTime, ago } from '../format.js';
import { dayToX, PALETTE } from '../chart.js';

const IMPORT_KINDS = [
  ['events', 'Events', 'event_id, type, timestamp, customer_id or anonymous_id, product_id, …'],
  ['orders', 'Orders (one row per line)', 'customer_id, order_id, timestamp, product_id, quantity, price'],
  ['products', 'Products', 'product_id, sku, title, category, price, cost, currency, hidden'],
  ['inventory', 'Inventory snapshots', 'product_id, on_hand, timestamp'],
  ['ratings', 'Ratings', 'user, item, rating[, timestamp]'],
];

function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class Data extends View {
  static properties = {
    shop: { attribute: false }, summary: { state: true }, daily: { state: true }, events: { state: true },
    eventType: { state: true }, products: { state: true }, cursor: { state: true }, query: { state: true },
    error: { state: true }, uploading: { state: true }, uploadProgress: { state: true }, result: { state: true },
  };

  constructor() {
    super();
    this.query = '';
    this.eventType = '';
  }

  get base() {
    return `/api/v1/shops/${seg(this.shop.id)}`;
  }

  updated(changed) {
    if (changed.has('shop')) this.load();
  }

  async load() {
    this.error = null;
    try {
      const [summary, daily, products] = await Promise.all([api('GET', `${this.base}/events/summary`),
        api('GET', `${this.base}/events/daily?days=90`), api('GET', `${this.base}/products?limit=1000`)]);
      this.summary = summary;
      this.daily = this.chartOf(daily);
      this.products = products.products;
      this.cursor = products.next_cursor;
      await this.loadEvents();
    } catch (e) {
      this.error = e;
    }
  }

  async loadEvents() {
    try {
      const q = this.eventType ? `&type=${encodeURIComponent(this.eventType)}` : '';
      this.events = (await api('GET', `${this.base}/events?limit=25${q}`)).events;
    } catch (e) {
      toastError('Could not load recent events', e);
    }
  }

  async more() {
    try {
      const page = await api('GET', `${this.base}/products?limit=1000&cursor=${encodeURIComponent(this.cursor)}`);
      this.products = [...this.products, ...page.products];
      this.cursor = page.next_cursor;
    } catch (e) {
      toastError('Could not load more products', e);
    }
  }

  /** Daily counts → one line per event type over every day of the window (missing days are 0). */
  chartOf(daily) {
    if (!daily.days.length) return null;
    const types = [...new Set(daily.days.flatMap(d => Object.keys(d.counts)))].sort();
    const byDay = new Map(daily.days.map(d => [d.date, d.counts]));
    const xs = [];
    const series = types.map(() => []);
    const today = new Date().toISOString().slice(0, 10);
    for (let d = new Date(daily.from + 'T00:00:00Z'); d.toISOString().slice(0, 10) <= today; d.setUTCDate(d.getUTCDate() + 1)) {
      const day = d.toISOString().slice(0, 10);
      xs.push(dayToX(day));
      types.forEach((t, i) => series[i].push(byDay.get(day)?.[t] ?? 0));
    }
    return {
      label: `Events per day and type over the last 90 days: ${types.join(', ')}`,
      data: [xs, ...series],
      options: { height: 260, legend: { live: false },
        series: [{}, ...types.map((t, i) => ({ label: t, stroke: PALETTE[i % PALETTE.length], width: 1.5,
          value: (u, v) => (v === null ? '—' : num(v)) }))],
        axes: [{}, { values: (u, vals) => vals.map(v => num(v)) }] },
    };
  }

  async upload(e) {
    e.preventDefault();
    const form = e.target;
    const file = form.file.files[0];
    if (!file) {
      toast('Choose a file to upload first.', 'critical');
      return;
    }
    const kind = form.kind.value;
    this.uploading = true;
    this.uploadProgress = 0;
    this.result = null;
    try {
      const type = /\.(ndjson|jsonl)$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';
      this.result = await upload(`${this.base}/imports?kind=${kind}&file=${encodeURIComponent(file.name)}`, file, type,
        p => { this.uploadProgress = p; });
      this.result.file = file.name;
      if (this.rejectsHref) URL.revokeObjectURL(this.rejectsHref);
      this.rejectsHref = this.result.rejected.length ? this.rejectsUrl() : null;
      const r = this.result;
      toast(`${file.name}: ${num(r.accepted)} stored, ${num(r.duplicates)} already known, ${num(r.rejected_rows)} problem${r.rejected_rows === 1 ? '' : 's'}.`,
        r.rejected_rows ? 'warning' : 'success');
      this.load();
    } catch (err) {
      toastError(`Upload of ${file.name} failed`, err);
    } finally {
      this.uploading = false;
    }
  }

  rejectsUrl() {
    const rows = [['line', 'id', 'field', 'message'], ...this.result.rejected.map(r => [r.line, r.id, r.field, r.message])];
    return URL.createObjectURL(new Blob([rows.map(r => r.map(csvCell).join(',')).join('\n') + '\n'], { type: 'text/csv' }));
  }

  render() {
    const header = pageHeader('Data', `What ${this.shop.name} has sent: events, catalog and stock.`);
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    if (!this.summary) return html`<div class="page">${header}${spinner()}</div>`;
    const s = this.summary;
    const last30 = Object.values(s.last_30_days).reduce((a, b) => a + b, 0);
    const types = Object.keys(s.by_type);
    return html`<div class="page">${header}
      <div class="stats-row">
        ${card(null, html`<div class="stat"><span class="stat-label">Events</span><span class="stat-value">${num(s.total)}</span></div>`)}
        ${card(null, html`<div class="stat"><span class="stat-label">Last 30 days</span><span class="stat-value">${num(last30)}</span></div>`)}
        ${card(null, html`<div class="stat"><span class="stat-label">Latest event</span><span class="stat-value">${ago(s.latest_event_at)}</span>
          <span class="stat-note">${dateTime(s.latest_event_at)}</span></div>`)}
        ${card(null, html`<div class="stat"><span class="stat-label">Products</span><span class="stat-value">${num(this.products.length)}${this.cursor ? '+' : ''}</span></div>`)}
      </div>
      ${this.renderUpload()}
      ${s.total === 0 ? card('Events', emptyState('No events yet', 'Upload a CSV above, run merchantry import, or send events to POST /api/v1/shops/{shop}/events. Counts and charts appear here as soon as data arrives.')) : html`
        ${card('Events over time', this.daily ? html`<mr-chart .config=${this.daily}></mr-chart>` : html`<p class="subdued">No events in the last 90 days.</p>`)}
        ${card('Events by type', html`<table class="table"><thead><tr><th scope="col">Type</th><th scope="col" class="num">All time</th>
          <th scope="col" class="num">Last 30 days</th></tr></thead><tbody>${types.map(t => html`<tr><td>${t}</td>
          <td class="num">${num(s.by_type[t])}</td><td class="num">${num(s.last_30_days[t] ?? 0)}</td></tr>`)}</tbody></table>`)}
        ${this.renderEvents(types)}`}
      ${this.renderCatalog()}
    </div>`;
  }

  renderUpload() {
    const r = this.result;
    return card('Upload a file', html`
      <form class="upload-form" @submit=${e => this.upload(e)}>
        <label class="field"><span>What the file holds</span><select name="kind">
          ${IMPORT_KINDS.map(([k, text]) => html`<option value=${k}>${text}</option>`)}</select></label>
        <label class="field"><span>CSV or NDJSON file</span><input name="file" type="file" accept=".csv,.tsv,.ndjson,.jsonl,text/csv"></label>
        <button class="button primary" type="submit" ?disabled=${this.uploading}>${this.uploading ? 'Uploading…' : 'Upload'}</button>
      </form>
      <p class="help">Columns as for <code>merchantry import</code> (docs/data.md): ${IMPORT_KINDS.map(([k, , cols]) => html`<span class="nowrap"><strong>${k}</strong>: ${cols}</span>. `)}
        Up to 16 MB per file; use <code>merchantry import</code> for larger files.</p>
      ${this.uploading ? html`<div class="upload-progress">${progressBar(this.uploadProgress, 'Upload progress')}
        <span class="small subdued" role="status">${this.uploadProgress < 1 ? `Sending… ${Math.round(this.uploadProgress * 100)}%` : 'Storing rows…'}</span></div>` : nothing}
      ${r ? html`<div class="upload-result">
        ${banner(r.rejected_rows ? 'warning' : 'success', `${r.file}: ${num(r.rows)} rows read`,
          html`${num(r.accepted)} stored · ${num(r.duplicates)} already known · ${num(r.rejected_rows)} problem${r.rejected_rows === 1 ? '' : 's'}`)}
        ${r.rejected.length ? html`<a class="button" download="${r.file}.rejected.csv" href=${this.rejectsHref}>Download rejected rows (CSV)</a>
          <table class="table compact"><thead><tr><th scope="col">Line</th><th scope="col">Id</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead>
          <tbody>${r.rejected.slice(0, 10).map(x => html`<tr><td>${x.line}</td><td>${x.id}</td><td><code>${x.field}</code></td><td>${x.message}</td></tr>`)}</tbody></table>
          ${r.rejected.length > 10 ? html`<p class="subdued small">First 10 of ${num(r.rejected.length)}; the download has all.</p>` : nothing}` : nothing}
      </div>` : nothing}`);
  }

  renderEvents(types) {
    return card('Recent events', html`
      ${this.events === undefined ? spinner() : this.events.length === 0 ? html`<p class="subdued">No events of this type.</p>` : html`
      <div class="table-wrap"><table class="table"><thead><tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col">Customer</th>
        <th scope="col">Details</th></tr></thead><tbody>${this.events.map(e => html`<tr><td class="nowrap">${dateTime(e.timestamp)}</td>
        <td>${e.type}</td><td>${e.customer_id || e.anonymous_id || '—'}</td><td class="details">${this.details(e.properties)}</td></tr>`)}</tbody></table></div>`}`,
    { actions: html`<label class="inline-field"><span class="visually-hidden">Event type</span><select aria-label="Event type"
      @change=${e => { this.eventType = e.target.value; this.loadEvents(); }}><option value="">All types</option>
      ${types.map(t => html`<option value=${t} ?selected=${t === this.eventType}>${t}</option>`)}</select></label>` });
  }

  details(p) {
    if (!p) return '—';
    if (p.products) return `${num(p.products.length)} line${p.products.length === 1 ? '' : 's'}${p.revenue !== undefined ? ' · ' + money(p.revenue, p.currency) : ''}`;
    return [p.product_id, p.rating !== undefined ? `rating ${p.rating}` : null, p.price !== undefined ? money(p.price, p.currency) : null]
      .filter(Boolean).join(' · ') || '—';
  }

  renderCatalog() {
    const q = this.query.trim().toLowerCase();
    const rows = q ? this.products.filter(p => [p.product_id, p.sku, p.title, p.category].some(v => v && v.toLowerCase().includes(q)))
      : this.products;
    const shown = rows.slice(0, 200);
    return card('Catalog', this.products.length === 0
      ? emptyState('No products yet', 'Upload a products CSV above or PUT /api/v1/shops/{shop}/products. Recommendations and forecasts name products from here.')
      : html`<label class="field search"><span class="visually-hidden">Search products</span>
          <input type="search" placeholder="Search by id, SKU, title or category" aria-label="Search products"
            .value=${this.query} @input=${e => { this.query = e.target.value; }}></label>
        <p class="subdued small" role="status">${num(rows.length)} of ${num(this.products.length)} loaded products${rows.length > shown.length ? `; showing the first ${shown.length}` : ''}</p>
        <div class="table-wrap"><table class="table"><thead><tr><th scope="col">Product</th><th scope="col">Title</th><th scope="col">Category</th>
          <th scope="col" class="num">Price</th><th scope="col" class="num">Stock</th><th scope="col">Status</th></tr></thead>
          <tbody>${shown.map(p => html`<tr><td><code>${p.product_id}</code>${p.sku ? html`<div class="subdued small">${p.sku}</div>` : nothing}</td>
            <td>${p.title || '—'}</td><td>${p.category || '—'}</td><td class="num">${money(p.price, p.currency)}</td>
            <td class="num">${p.on_hand === null || p.on_hand === undefined ? '—' : num(p.on_hand)}</td>
            <td>${p.hidden ? badge('Hidden', 'neutral') : p.on_hand === 0 ? badge('Out of stock', 'warning') : badge('Active', 'success')}</td></tr>`)}
          </tbody></table></div>
        ${this.cursor ? html`<button class="button" @click=${() => this.more()}>Load more products</button>` : nothing}`);
  }
}
customElements.define('mr-data', Data);
