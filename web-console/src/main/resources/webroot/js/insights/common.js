// Shared by the insight views: the empty state shown while a kind has no active strategy or model, and the
// catalog lookup that puts product titles next to ids.
import { html } from 'lit';
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
