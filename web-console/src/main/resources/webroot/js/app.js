// <mr-app>: the shell. Checks the session, then renders the left navigation and the page the URL hash names:
//   #/overview · #/shops/{shop}/strategies · #/shops/{shop}/data · #/shops/{shop}/insights/{view}[/{item}]
//   #/shops/{shop}/experiments[/{id}] · #/shops/{shop}/keys · #/plugins · #/users (admins) · #/plugins/docs/{guide|api|testkit|config-spec}
import { html, nothing } from 'lit';
import { api, ApiError } from './api.js';
import { View, emptyState, spinner, toast, toastError } from './ui.js';
import './pages/login.js';
import './pages/overview.js';
import './pages/strategies.js';
import './pages/data.js';
import './pages/insights.js';
import './pages/experiments.js';
import './pages/keys.js';
import './pages/plugins.js';
import './pages/plugin-docs.js';
import './pages/users.js';

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'shops' && parts[1]) {
    return { page: parts[2] || 'strategies', shop: parts[1], view: parts[3], item: parts[4] };
  }
  if (parts[0] === 'plugins' && parts[1] === 'docs') return { page: 'plugin-docs', doc: parts[2] || 'guide' };
  if (parts[0] === 'plugins' || parts[0] === 'users') return { page: parts[0] };
  return { page: 'overview' };
}

const SHOP_PAGES = [
  ['strategies', 'Strategies', 'M4 6h16M4 12h16M4 18h10'],
  ['data', 'Data', 'M4 19V5m5 14V9m5 10v-7m5 7V7'],
  ['insights', 'Insights', 'M3 17l6-6 4 4 8-8'],
  ['experiments', 'Experiments', 'M9 3h6M10 3v6l-5 9a2 2 0 002 3h10a2 2 0 002-3l-5-9V3'],
  ['keys', 'API keys', 'M14 10a4 4 0 10-3.5 4L8 16.5V19h2.5v-2H12l1.2-1.2A4 4 0 0014 10z'],
];

class App extends View {
  createRenderRoot() {
    this.replaceChildren(); // drop the "Loading…" placeholder of index.html
    return this;
  }

  static properties = {
    me: { state: true }, shops: { state: true }, route: { state: true }, navOpen: { state: true },
    checking: { state: true },
  };

  constructor() {
    super();
    this.me = null;
    this.shops = [];
    this.checking = true;
    this.navOpen = false;
    this.route = parseRoute();
    window.addEventListener('hashchange', () => {
      this.route = parseRoute();
      this.navOpen = false;
      this.focusTitle();
    });
    // Escape closes the folded navigation (tablets) and returns focus to its button.
    window.addEventListener('keydown', e => {
      if (e.key === 'Escape' && this.navOpen) {
        this.navOpen = false;
        this.querySelector('.nav-toggle')?.focus();
      }
    });
    window.addEventListener('mr-unauthorized', () => {
      if (this.me) toast('Your session ended. Please log in again.', 'warning');
      this.me = null;
    });
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadSession();
  }

  async loadSession() {
    try {
      const me = await api('GET', '/api/v1/me');
      const { shops } = await api('GET', '/api/v1/shops');
      this.shops = shops;
      this.me = me;
    } catch (e) {
      this.me = null;
      if (!(e instanceof ApiError && e.status === 401)) toastError('Could not reach the node', e);
    } finally {
      this.checking = false;
    }
  }

  async logout() {
    try {
      await api('DELETE', '/api/v1/sessions/current');
      toast('Logged out.');
    } catch (e) {
      toastError('Logout failed', e);
    }
    this.me = null;
  }

  /** Moves focus to the new page's title so keyboard and screen-reader users land on it. */
  async focusTitle() {
    await this.updateComplete;
    requestAnimationFrame(() => this.querySelector('main .page-title')?.focus({ preventScroll: true }));
  }

  get currentShop() {
    const fromRoute = this.route.shop;
    if (fromRoute) return fromRoute;
    const remembered = localStorage.getItem('merchantry.shop');
    return this.shops.find(s => s.id === remembered)?.id || this.shops[0]?.id;
  }

  selectShop(id) {
    localStorage.setItem('merchantry.shop', id);
    const page = this.route.shop ? this.route.page : 'strategies';
    location.hash = `#/shops/${encodeURIComponent(id)}/${page}`;
  }

  render() {
    if (this.checking) return spinner('Loading Merchantry…');
    if (!this.me) {
      return html`<mr-login @logged-in=${() => this.loadSession()}></mr-login><mr-toasts></mr-toasts>`;
    }
    const shop = this.currentShop;
    if (this.route.shop) localStorage.setItem('merchantry.shop', this.route.shop);
    return html`
      <a class="skip-link" href="#main" @click=${e => { e.preventDefault(); this.querySelector('main')?.focus(); }}>Skip to content</a>
      <div class="shell ${this.navOpen ? 'nav-open' : ''}">
        <header class="topbar">
          <button class="icon-button nav-toggle" aria-label="Menu" aria-expanded=${this.navOpen}
            @click=${() => { this.navOpen = !this.navOpen; }}>☰</button>
          <span class="brand">Merchantry</span>
        </header>
        ${this.renderNav(shop)}
        <main id="main" tabindex="-1">${this.renderPage(shop)}</main>
      </div>
      <mr-toasts></mr-toasts>`;
  }

  renderNav(shop) {
    const r = this.route;
    const link = (href, text, active, icon) => html`<a href=${href} class="nav-item ${active ? 'active' : ''}"
      aria-current=${active ? 'page' : nothing}><svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
      <path d=${icon} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>${text}</a>`;
    return html`<nav class="sidenav" aria-label="Main">
      <div class="brand-row"><span class="logo" aria-hidden="true">M</span><span class="brand">Merchantry</span></div>
      ${link('#/overview', 'Overview', r.page === 'overview', 'M3 11l9-7 9 7v9H3z')}
      ${this.shops.length ? html`
        <label class="nav-label" for="shop-picker">Shop</label>
        <select id="shop-picker" class="shop-picker" @change=${e => this.selectShop(e.target.value)}>
          ${this.shops.map(s => html`<option value=${s.id} ?selected=${s.id === shop}>${s.name}</option>`)}
        </select>
        ${SHOP_PAGES.map(([page, text, icon]) => link(`#/shops/${encodeURIComponent(shop)}/${page}`, text,
          r.shop && r.page === page, icon))}` : nothing}
      ${this.me.admin ? html`<div class="nav-section">Administration</div>
        ${link('#/plugins', 'Plugins', r.page === 'plugins', 'M9 3v4M15 3v4M6 7h12v5a6 6 0 01-12 0zM12 18v3')}
        ${link('#/users', 'Users', r.page === 'users', 'M12 12a4 4 0 100-8 4 4 0 000 8zM4 21a8 8 0 0116 0')}` : nothing}
      <div class="nav-footer">
        <div class="who" title=${this.me.email || ''}>${this.me.email || 'token'}${this.me.admin ? html` · admin` : nothing}</div>
        <button class="button plain" @click=${() => this.logout()}>Log out</button>
      </div>
    </nav>`;
  }

  renderPage(shop) {
    const r = this.route;
    if (r.page === 'plugin-docs') return html`<mr-plugin-docs .doc=${r.doc}></mr-plugin-docs>`;
    if (r.page === 'plugins' || r.page === 'users') {
      if (!this.me.admin) return this.denied('This page is for administrators.');
      return r.page === 'plugins' ? html`<mr-plugins></mr-plugins>` : html`<mr-users .shops=${this.shops}></mr-users>`;
    }
    if (!r.shop) return html`<mr-overview .shops=${this.shops} .me=${this.me}></mr-overview>`;
    if (!this.shops.some(s => s.id === r.shop)) {
      return this.denied(`You don't have access to shop '${r.shop}'. Ask an administrator to add it to your account.`);
    }
    const current = this.shops.find(s => s.id === r.shop);
    switch (r.page) {
      case 'data': return html`<mr-data .shop=${current}></mr-data>`;
      case 'insights': return html`<mr-insights .shop=${current} .view=${r.view} .item=${r.item}></mr-insights>`;
      case 'experiments': return html`<mr-experiments .shop=${current} .experimentId=${r.view}></mr-experiments>`;
      case 'keys': return html`<mr-keys .shop=${current}></mr-keys>`;
      default: return html`<mr-strategies .shop=${current}></mr-strategies>`;
    }
  }

  denied(text) {
    return html`<div class="page"><header class="page-header"><h1 class="page-title" tabindex="-1">No access</h1></header>
      <section class="card">${emptyState('You cannot open this page', text,
        html`<a class="button" href="#/overview">Back to overview</a>`)}</section></div>`;
  }
}
customElements.define('mr-app', App);
