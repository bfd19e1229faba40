// Segments, RFM groups and audiences (endpoint lands with the profiling plugins).
import { PendingView } from './pending.js';

class SegmentsView extends PendingView {
  heading = 'Segments and RFM groups';
  kind = 'profiler';
  what = 'customer segments';
  path = 'segments';
  listKey = 'segments';
}
customElements.define('mr-insight-segments', SegmentsView);
