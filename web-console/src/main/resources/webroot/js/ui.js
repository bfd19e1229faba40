// Shared building blocks: the base element, page header, cards, empty states, badges, progress, toasts.
import { LitElement, html, nothing } from 'lit';

/** Base of every console element: light DOM, so the one stylesheet (app.css) styles everything. */
export class View extends LitElement {
  createRenderRoot() {
    return this;
  }
}

export function pageHeader(title, subtitle, actions = nothing) {
  return html`<header class="page-header">
    <div><h1 tabindex="-1" class="page-title">${title}</h1>${subtitle ? html`<p class="subdued">${subtitle}</p>` : nothing}</div>
    <div class="page-actions">${actions}</div>
  </header>`;
}

export function card(title, body, { actions = nothing, id, cls = '' } = {}) {
  return html`<section class="card ${cls}" id=${id ?? nothing} aria-label=${typeof title === 'string' ? title : nothing}>
    ${title ? html`<div class="card-header"><h2>${title}</h2><div class="card-actions">${actions}</div></div>` : nothing}
    ${body}
  </section>`;
}

/** What to do next when there is nothing to show. */
export function emptyState(heading, text, action = nothing) {
  return html`<div class="empty-state" role="note">
    <svg aria-hidden="true" viewBox="0 0 48 48" width="48" height="48"><rect x="6" y="10" width="36" height="28" rx="5"
      fill="none" stroke="currentColor" stroke-width="2.5"/><path d="M6 18h36M14 27h12M14 32h8" stroke="currentColor"
      stroke-width="2.5" stroke-linecap="round"/></svg>
    <h3>${heading}</h3><p>${text}</p>${action}
  </div>`;
}

export function badge(text, tone = 'neutral') {
  return html`<span class="badge badge-${tone}">${text}</span>`;
}

export function banner(tone, title, text = nothing) {
  return html`<div class="banner banner-${tone}" role=${tone === 'critical' ? 'alert' : 'status'}>
    <strong>${title}</strong>${text ? html`<div>${text}</div>` : nothing}</div>`;
}

export function progressBar(fraction, label) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction || 0)) * 100);
  return html`<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}
      aria-label=${label}><div class="progress-fill" style="width:${pct}%"></div></div>`;
}

export function spinner(text = 'Loading…') {
  return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${text}</p>`;
}

/** A failed load, with the server's message. */
export function loadError(error) {
  return banner('critical', 'Could not load this page', error?.message || String(error));
}

// Toasts: one live region for the whole app; every action reports success or failure here.
export function toast(message, tone = 'success') {
  window.dispatchEvent(new CustomEvent('mr-toast', { detail: { message, tone } }));
}

export function toastError(prefix, error) {
  toast(`${prefix}: ${error?.message || error}`, 'critical');
}

class Toasts extends View {
  static properties = { items: { state: true } };

  constructor() {
    super();
    this.items = [];
    this.next = 0;
    window.addEventListener('mr-toast', e => this.add(e.detail));
  }

  add({ message, tone }) {
    const id = this.next++;
    // At most three at once: the newest matter; older ones would cover the page.
    this.items = [...this.items, { id, message, tone }].slice(-3);
    setTimeout(() => this.dismiss(id), tone === 'critical' ? 8000 : 4000);
  }

  dismiss(id) {
    this.items = this.items.filter(t => t.id !== id);
  }

  render() {
    return html`<div class="toasts" role="status" aria-live="polite">
      ${this.items.map(t => html`<div class="toast toast-${t.tone}">
        <span>${t.message}</span>
        <button class="icon-button" aria-label="Dismiss" @click=${() => this.dismiss(t.id)}>×</button></div>`)}
    </div>`;
  }
}
customElements.define('mr-toasts', Toasts);

/** Calls `fn` after `ms` of quiet (e.g. validate while typing). */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
