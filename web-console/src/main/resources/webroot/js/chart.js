// <mr-chart>: a uPlot chart that follows its container's width. Bind .config = {options, data, label} with
// uPlot's options (without width) and column arrays; keep the object while the data is unchanged (no redraw).
import uPlot from 'uplot';

class Chart extends HTMLElement {
  set config(value) {
    if (value === this._config) return;
    this._config = value;
    this.draw();
  }

  get config() {
    return this._config;
  }

  connectedCallback() {
    this.resize = new ResizeObserver(() => {
      if (this.plot && this.clientWidth && Math.abs(this.plot.width - this.clientWidth) > 2) {
        this.plot.setSize({ width: this.clientWidth, height: this.plot.height });
      }
    });
    this.resize.observe(this);
    this.draw();
  }

  disconnectedCallback() {
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  draw() {
    if (!this.isConnected || !this._config) return;
    const { options, data, label } = this._config;
    this.plot?.destroy();
    this.replaceChildren();
    this.setAttribute('role', 'img');
    if (label) this.setAttribute('aria-label', label);
    this.plot = new uPlot({ ...options, width: Math.max(280, this.clientWidth || 640), height: options.height || 300 },
      data, this);
  }
}
customElements.define('mr-chart', Chart);

/** Day strings (YYYY-MM-DD) → uPlot x values (seconds, UTC noon so the day never shifts). */
export function dayToX(day) {
  return Date.parse(day + 'T12:00:00Z') / 1000;
}

export const PALETTE = ['#2c6ecb', '#e36209', '#008060', '#8c52ff', '#d82c0d', '#4a9ee0', '#b98900', '#6d7175'];
