// <mr-insights>: one view per strategy kind, as tabs. The views are listed in insights/registry.js; a new view is
// one module there (see docs/console.md).
import { html, nothing } from 'lit';
import { View, pageHeader } from '../ui.js';
import { INSIGHT_VIEWS } from '../insights/registry.js';

class Insights extends View {
  static properties = { shop: { attribute: false }, view: {}, item: {} };

  render() {
    const current = INSIGHT_VIEWS.find(v => v.id === this.view) || INSIGHT_VIEWS[0];
    const base = `#/shops/${encodeURIComponent(this.shop.id)}/insights`;
    return html`<div class="page">
      ${pageHeader('Insights', `What the strategies of ${this.shop.name} say.`)}
      <nav class="tabs" aria-label="Insight views">${INSIGHT_VIEWS.map(v => html`<a href="${base}/${v.id}"
        class="tab ${v === current ? 'active' : ''}" aria-current=${v === current ? 'page' : nothing}>${v.title}</a>`)}</nav>
      ${current.render(this.shop, this.item)}
    </div>`;
  }
}
customElements.define('mr-insights', Insights);
