// A strategy's settings as form fields generated from its config spec (GET /api/v1/strategies): type → input,
// doc/default/constraints as help, low-importance keys under "Advanced settings", inline errors. Used by the
// Strategies page (a binding's config) and the Experiments page (a variant's config).
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, seg } from './api.js';
import { label } from './format.js';

const IMPORTANCE = { high: 0, medium: 1, low: 2 };

/** The config to send: typed values for filled fields; an empty field means "use the default" and is left out. */
export function toConfig(spec, values) {
  const config = {};
  for (const key of spec) {
    const raw = values[key.key];
    if (key.type === 'boolean') {
      if (raw !== undefined) config[key.key] = raw;
      continue;
    }
    if (raw === undefined || raw === null || String(raw).trim() === '') continue;
    const text = String(raw).trim();
    if (key.type === 'int' || key.type === 'long' || key.type === 'double') {
      const n = Number(text);
      config[key.key] = Number.isFinite(n) ? n : text; // the validator names a non-number; we don't guess
    } else if (key.type === 'list') {
      config[key.key] = text.split(',').map(s => s.trim()).filter(Boolean);
    } else {
      config[key.key] = text;
    }
  }
  return config;
}

/** Form values from a stored config (lists as comma-separated text). */
export function toValues(spec, config) {
  const values = {};
  for (const key of spec) {
    const v = config?.[key.key];
    if (v === undefined) continue;
    values[key.key] = Array.isArray(v) ? v.join(', ') : v;
  }
  return values;
}

function constraintText(key) {
  const c = key.constraints || {};
  const parts = [];
  if (c.min !== undefined) parts.push(`at least ${c.min}`);
  if (c.exclusive_min !== undefined) parts.push(`more than ${c.exclusive_min}`);
  if (c.max !== undefined) parts.push(`at most ${c.max}`);
  if (c.exclusive_max !== undefined) parts.push(`less than ${c.exclusive_max}`);
  if (c.one_of) parts.push(`one of ${c.one_of.join(', ')}`);
  if (c.non_blank) parts.push('not blank');
  return parts.join(', ');
}

/**
 * Asks the node which keys of a config are wrong (POST /api/v1/strategies/{id}/validate): answers
 * {valid, errors: {key: message}}.
 */
export async function validateConfig(strategy, values) {
  const result = await api('POST', `/api/v1/strategies/${seg(strategy.id)}/validate`,
    { config: toConfig(strategy.config_spec, values) });
  const errors = {};
  for (const e of result.errors) errors[e.key] = errors[e.key] ? `${errors[e.key]}; ${e.message}` : e.message;
  return { valid: result.valid, errors };
}

/**
 * The fields of a config spec, most important first, low-importance ones folded under "Advanced settings".
 * `idPrefix` makes the input ids unique on the page (`{idPrefix}-{key}`, errors `{idPrefix}-{key}-error`);
 * `onChange(key, value)` gets every edit.
 */
export function configFields({ spec, idPrefix, values, errors, onChange }) {
  const sorted = [...spec].sort((a, b) => IMPORTANCE[a.importance] - IMPORTANCE[b.importance]);
  if (!sorted.length) return html`<p class="subdued">This strategy has no settings.</p>`;
  const main = sorted.filter(k => k.importance !== 'low');
  const advanced = sorted.filter(k => k.importance === 'low');
  const field = key => configField(key, { idPrefix, value: values[key.key], error: errors[key.key], onChange });
  return html`<div class="config-form">${main.map(field)}
    ${advanced.length ? html`<details class="advanced"><summary>Advanced settings (${advanced.length})</summary>
      ${advanced.map(field)}</details>` : nothing}</div>`;
}

function configField(key, { idPrefix, value, error, onChange }) {
  const id = `${idPrefix}-${key.key}`;
  const help = [key.doc, key.default !== null && key.default !== undefined
    ? `Default: ${Array.isArray(key.default) ? key.default.join(', ') || 'none' : key.default}.` : (key.required ? 'Required.' : ''),
    constraintText(key) ? `Allowed: ${constraintText(key)}.` : ''].filter(Boolean).join(' ');
  const describedBy = `${id}-help${error ? ` ${id}-error` : ''}`;
  let input;
  if (key.type === 'boolean') {
    input = html`<input id=${id} name=${key.key} type="checkbox" .checked=${live(value ?? key.default ?? false)}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}
      @change=${e => onChange(key.key, e.target.checked)}>`;
  } else if (key.constraints?.one_of) {
    input = html`<select id=${id} name=${key.key} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}
      @change=${e => onChange(key.key, e.target.value)}>
      <option value="" ?selected=${value === undefined || value === ''}>Default (${key.default})</option>
      ${key.constraints.one_of.map(v => html`<option value=${v} ?selected=${String(value) === String(v)}>${v}</option>`)}</select>`;
  } else {
    const numeric = ['int', 'long', 'double'].includes(key.type);
    // type="text" with inputmode keeps what the merchant typed (a number input would hide "abc" as "").
    input = html`<input id=${id} name=${key.key} type="text" inputmode=${numeric ? (key.type === 'double' ? 'decimal' : 'numeric') : nothing}
      .value=${live(value === undefined || value === null ? '' : String(value))}
      placeholder=${key.default === null || key.default === undefined ? '' : Array.isArray(key.default) ? key.default.join(', ') : String(key.default)}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}
      @input=${e => onChange(key.key, e.target.value)}>`;
  }
  return html`<div class="field ${error ? 'has-error' : ''} ${key.type === 'boolean' ? 'field-check' : ''}">
    <label for=${id}>${label(key.key)} <code class="key">${key.key}</code></label>
    ${input}
    <p class="help" id="${id}-help">${help}</p>
    ${error ? html`<p class="field-error" id="${id}-error" role="alert">${error}</p>` : nothing}
  </div>`;
}
