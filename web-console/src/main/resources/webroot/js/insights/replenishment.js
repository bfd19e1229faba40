// Replenishment: what to reorder, from the forecasts (endpoint lands with the forecasting plugins).
import { PendingView } from './pending.js';

class ReplenishmentView extends PendingView {
  heading = 'Replenishment';
  kind = 'forecaster';
  what = 'replenishment suggestions';
  path = 'replenishment';
  listKey = 'items';
}
customElements.define('mr-insight-replenishment', ReplenishmentView);
