// End-to-end check of the Node client against a running node (run by BridgeClientsIT in CI).
//
// usage: node check-bridge.mjs HOSTS KEY SHOP PRODUCT CUSTOMER OTHER_KEY OTHER_SHOP
//
// HOSTS is a comma-separated list of host:port. KEY must have the manage scope on SHOP, whose pricing agent decides
// in auto mode; OTHER_KEY belongs to OTHER_SHOP. Prints one JSON object of results; exit code 0 when all passed.

import { BusError, MerchantryBus } from './merchantry-bus.mjs';

const [hosts, key, shop, product, customer, otherKey, otherShop] = process.argv.slice(2);
const results = {};
const bus = await new MerchantryBus(hosts.split(','), { apiKey: key }).connect();
const other = await new MerchantryBus(hosts.split(','), { apiKey: otherKey }).connect();
try {
  results.ping_ms = Math.round((await bus.ping()) * 100) / 100;
  const reply = await bus.request('merchantry.recommend', { shop, customer_id: customer, limit: 3 });
  results.recommend = { items: reply.items.length, strategy: reply.strategy };
  const event = { type: 'Product Viewed', event_id: `node-check-${Date.now()}`, customer_id: customer,
    properties: { product_id: product }, timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  results.ingest = await bus.request('merchantry.ingest', { shop, events: [event] });
  const mine = [];
  const theirs = [];
  const gotMine = new Promise((resolve) => bus.subscribe('merchantry.price.changed', (b) => { mine.push(b); resolve(true); }));
  other.subscribe('merchantry.price.changed', (b) => theirs.push(b));
  await bus.ping();
  await other.ping(); // both registrations are in place once the pongs are back
  const decision = await bus.request('merchantry.price', { shop, product_id: product });
  results.decision = { price: decision.price, decision_id: decision.decision_id };
  results.price_changed_received = await Promise.race([gotMine, new Promise((r) => setTimeout(() => r(false), 10_000))]);
  await new Promise((r) => setTimeout(r, 1_000)); // give a wrongly routed notice time to arrive
  results.price_changed_shops = [...new Set(mine.map((b) => b.shop))].sort();
  results.other_shop_received = theirs.length;
  try {
    await bus.request('merchantry.recommend', { shop: otherShop, customer_id: customer });
    results.cross_shop = { refused: false };
  } catch (e) {
    if (!(e instanceof BusError)) throw e;
    results.cross_shop = { refused: true, code: e.code, message: e.busMessage };
  }
} finally {
  bus.close();
  other.close();
}
results.ok = results.recommend.items > 0 && results.ingest.accepted === 1 && results.price_changed_received === true
  && JSON.stringify(results.price_changed_shops) === JSON.stringify([shop]) && results.other_shop_received === 0
  && results.cross_shop.code === 403;
console.log(JSON.stringify(results));
process.exit(results.ok ? 0 : 1);
