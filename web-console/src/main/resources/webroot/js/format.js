// Numbers, money and dates for humans, in the browser's locale.

const locale = navigator.language || 'en';
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const percentOne = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
const dayMonthFmt = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
const moneyFormats = new Map();

const dash = '—';

export function num(n) {
  return n === null || n === undefined || Number.isNaN(n) ? dash : Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

export function short(n) {
  return n === null || n === undefined ? dash : Math.abs(n) < 10000 ? num(n) : compact.format(n);
}

export function pct(fraction) {
  return fraction === null || fraction === undefined ? dash : percent.format(fraction);
}

/** A rate to one decimal ("10.2 %"): conversion rates and lifts, where whole percents hide the difference. */
export function rate(fraction) {
  return fraction === null || fraction === undefined || Number.isNaN(fraction) ? dash : percentOne.format(fraction);
}

/** A signed relative lift to one decimal: "+12.3 %", "−4.0 %". */
export function lift(fraction) {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return dash;
  return (fraction > 0 ? '+' : fraction < 0 ? '−' : '±') + percentOne.format(Math.abs(fraction));
}

/** Units of stock or demand: whole numbers as they are, fractions to one decimal (forecasts are means). */
export function units(n) {
  return n === null || n === undefined || Number.isNaN(n) ? dash : oneDecimal.format(n);
}

/** A probability as a percentage for merchants: "49 %", "< 1 %" for small but non-zero values. */
export function chance(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return dash;
  if (p > 0 && p < 0.005) return `< ${percent.format(0.01)}`;
  if (p < 1 && p > 0.995) return `> ${percent.format(0.99)}`;
  return percent.format(p);
}

/** Signed relative change: "+12 %", "−5 %". */
export function change(from, to) {
  if (!from || to === null || to === undefined) return dash;
  const r = to / from - 1;
  return (r > 0 ? '+' : r < 0 ? '−' : '±') + percent.format(Math.abs(r));
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return dash;
  if (!currency) return decimal.format(amount);
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch (e) {
      f = decimal;
    }
    moneyFormats.set(currency, f);
  }
  return f.format(amount);
}

export function date(iso) {
  if (!iso) return dash;
  // A bare date (YYYY-MM-DD) is a UTC day: format it as that day whatever the browser's zone.
  const d = iso.length === 10 ? new Date(iso + 'T12:00:00Z') : new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

/** "Nov 23": chart ticks. */
export function dayMonth(iso) {
  if (!iso) return dash;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayMonthFmt.format(d);
}

export function dateTime(iso) {
  if (!iso) return dash;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

/** "3 hours ago", "yesterday", "in 2 days". */
export function ago(iso) {
  if (!iso) return 'never';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFmt.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** "half_life_days" → "Half life days". */
export function label(key) {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names of the strategy kinds as merchants know them. */
export const KINDS = {
  profiler: { title: 'Customer profiles', noun: 'profiler', blurb: 'Segments, RFM groups and lifetime value of your customers.' },
  recommender: { title: 'Recommendations', noun: 'recommender', blurb: 'Which products to show each customer and next to each product.' },
  forecaster: { title: 'Demand forecasting', noun: 'forecaster', blurb: 'Expected sales per product, with uncertainty, to plan stock.' },
  pricing: { title: 'Pricing', noun: 'pricing agent', blurb: 'Price suggestions that learn from how demand reacts.' },
};
export const KIND_ORDER = ['profiler', 'recommender', 'forecaster', 'pricing'];
