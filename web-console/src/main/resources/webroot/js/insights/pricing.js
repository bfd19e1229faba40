// Pricing: price suggestions to approve or reject (endpoint lands with the pricing plugins).
import { PendingView } from './pending.js';

class PricingView extends PendingView {
  heading = 'Price suggestions';
  kind = 'pricing';
  what = 'price suggestions';
  path = 'prices/suggestions';
  listKey = 'suggestions';
}
customElements.define('mr-insight-pricing', PricingView);
