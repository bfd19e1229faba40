// The insight views, in tab order. Each entry: id (URL segment), title, the strategy kind it shows, and
// render(shop, item) → a template, usually one custom element defined in its own module in this folder. `item` is
// the optional last URL segment (#/shops/{shop}/insights/{id}/{item}), e.g. the product a view opens with.
import { html } from 'lit';
import './recommendations.js';
import './forecast.js';
import './replenishment.js';
import './segments.js';
import './pricing.js';
import './performance.js';

export const INSIGHT_VIEWS = [
  { id: 'recommendations', title: 'Recommendations', kind: 'recommender',
    render: shop => html`<mr-performance .shop=${shop} kind="recommender"></mr-performance>
      <mr-insight-recommendations .shop=${shop}></mr-insight-recommendations>` },
  { id: 'forecast', title: 'Forecast', kind: 'forecaster',
    render: (shop, item) => html`<mr-performance .shop=${shop} kind="forecaster"></mr-performance>
      <mr-insight-forecast .shop=${shop} .requested=${item}></mr-insight-forecast>` },
  { id: 'replenishment', title: 'Replenishment', kind: 'forecaster',
    render: shop => html`<mr-insight-replenishment .shop=${shop}></mr-insight-replenishment>` },
  { id: 'segments', title: 'Segments & audiences', kind: 'profiler',
    render: shop => html`<mr-performance .shop=${shop} kind="profiler"></mr-performance>
      <mr-insight-segments .shop=${shop}></mr-insight-segments>` },
  { id: 'pricing', title: 'Pricing', kind: 'pricing',
    render: (shop, item) => html`<mr-performance .shop=${shop} kind="pricing"></mr-performance>
      <mr-insight-pricing .shop=${shop} .requested=${item}></mr-insight-pricing>` },
];
