// Shared by the insight views: the empty state shown while a kind has no active strategy or model, the catalog
// lookup that puts product titles next to ids, form fields with inline errors, and file downloads.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, seg } from '../api.js';
import { emptyState } from '../ui.js';
import { KINDS } from '../format.js';

/**
 * 404 (no such endpoint yet, or nothing computed) and 409 (no binding, disabled, never trained) mean "this kind
 * is not running for the shop": say what to enable instead of showing an error.
 */
export function notRunning(error) {
  return error && (error.status === 404 || error.status === 409);
}

export function enableFirst(shop, kind, what, error) {
  const k = KINDS[kind];
  return emptyState(`No ${what} yet`,
    html`${what.charAt(0).toUpperCase() + what.slice(1)} come from the shop's ${k.noun}. Enable one under
      <a href="#/shops/${encodeURIComponent(shop.id)}/strategies">Strategies</a> (${k.title}) and train it.
      ${error?.message ? html`<br><span class="subdued small">The node said: ${error.message}</span>` : ''}`,
    html`<a class="button primary" href="#/shops/${encodeURIComponent(shop.id)}/strategies">Open strategies</a>`);
}

const catalogs = new Map();

/** The shop's catalog (first 1,000 products), cached per shop for the page's lifetime. */
export function catalog(shopId) {
  if (!catalogs.has(shopId)) {
    catalogs.set(shopId, api('GET', `/api/v1/shops/${seg(shopId)}/products?limit=1000`).then(r => r.products)
      .catch(e => { catalogs.delete(shopId); throw e; }));
  }
  return catalogs.get(shopId);
}

/** Recent customers (from the latest events), to suggest in pickers. */
export async function recentCustomers(shopId) {
  const { events } = await api('GET', `/api/v1/shops/${seg(shopId)}/events?limit=200`);
  return [...new Set(events.map(e => e.customer_id).filter(Boolean))].slice(0, 50);
}

/** Product ids by units in the latest orders, best sellers first: a sensible default for the forecast view. */
export async function recentBestSellers(shopId) {
  const { events } = await api('GET', `/api/v1/shops/${seg(shopId)}/events?type=${encodeURIComponent('Order Completed')}&limit=200`);
  const units = new Map();
  for (const e of events) {
    for (const line of e.properties?.products || []) {
      units.set(line.product_id, (units.get(line.product_id) || 0) + (line.quantity || 1));
    }
  }
  return [...units.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/** The shop's currency: the one most of its catalog uses (prices in the API carry no currency of their own). */
export function currencyOf(products) {
  const counts = new Map();
  for (const p of products || []) if (p.currency) counts.set(p.currency, (counts.get(p.currency) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] || null;
}

/**
 * A problem's per-field errors ({key, message}) as {field: message} for the fields of a form; `prefix` is cut
 * from keys first (e.g. "products.p-1." for a product override). Errors for other keys are answered under '' so
 * the form can show them in a banner rather than lose them.
 */
export function errorsByField(error, fields, prefix = '') {
  const out = {};
  for (const e of error?.errors || []) {
    const key = prefix && e.key.startsWith(prefix) ? e.key.slice(prefix.length) : e.key;
    if (fields.includes(key)) out[key] = out[key] || e.message;
    else out[''] = out[''] ? `${out['']}; ${e.key}: ${e.message}` : `${e.key}: ${e.message}`;
  }
  if (!Object.keys(out).length && error) out[''] = error.message;
  return out;
}

/**
 * A labelled text field with help and an inline error (aria-invalid, aria-describedby), like the strategy forms.
 * Numbers are typed into text inputs so whatever the merchant typed reaches the validator unchanged.
 */
export function textField({ id, name, label, value, error, help, placeholder, inputmode, onInput, cls = '' }) {
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field ${error ? 'has-error' : ''} ${cls}">
    <label for=${id}>${label}</label>
    <input id=${id} name=${name} type="text" inputmode=${inputmode ?? nothing} autocomplete="off"
      .value=${live(value ?? '')} placeholder=${placeholder ?? nothing}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy || nothing}
      @input=${e => onInput?.(e.target.value)}>
    ${help ? html`<p class="help" id="${id}-help">${help}</p>` : nothing}
    ${error ? html`<p class="field-error" id="${id}-error" role="alert">${error}</p>` : nothing}
  </div>`;
}

/** Text typed into a number field → a number, or the text itself (the server names what is wrong with it). */
export function numberOrText(text) {
  const t = String(text ?? '').trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** Saves a blob through the browser's download. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
