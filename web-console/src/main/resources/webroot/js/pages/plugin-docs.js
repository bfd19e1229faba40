// <mr-plugin-docs>: the plugin author's guide and reference pages (docs/plugins/*.md, served under /docs/plugins/),
// rendered from their Markdown: headings, paragraphs, lists, tables, code blocks, inline code, bold and links.
import { html, nothing } from 'lit';
import { View, pageHeader, card, spinner, loadError } from '../ui.js';

const PAGES = [['guide', 'Guide'], ['api', 'Plugin API'], ['testkit', 'Testkit'], ['config-spec', 'Config spec']];

/** Inline Markdown: `code`, **bold** and [text](target); links to sibling pages stay in the console. */
function inline(text) {
  const parts = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m; (m = re.exec(text)) !== null;) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push(html`<code>${m[1]}</code>`);
    else if (m[2] !== undefined) parts.push(html`<strong>${m[2]}</strong>`);
    else parts.push(link(m[3], m[4]));
    last = re.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function link(label, target) {
  const page = /^([a-z-]+)\.md(#.*)?$/.exec(target);
  if (page && PAGES.some(([id]) => id === page[1])) return html`<a href="#/plugins/docs/${page[1]}">${inline(label)}</a>`;
  if (/^https?:\/\//.test(target)) return html`<a href=${target} rel="noopener">${inline(label)}</a>`;
  if (target.startsWith('#')) return html`${inline(label)}`;
  return html`${inline(label)} <span class="subdued small">(${target} in the Merchantry sources)</span>`;
}

function cells(row) {
  return row.replace(/^\|/, '').replace(/\|\s*$/, '').split(/(?<!\\)\|/).map(c => c.trim().replace(/\\\|/g, '|'));
}

/** Block Markdown to templates. */
export function render(markdown) {
  const lines = markdown.split('\n');
  const out = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      out.push(html`<pre class="doc-code"><code>${code.join('\n')}</code></pre>`);
    } else if (/^#{1,4} /.test(line)) {
      const level = line.indexOf(' ');
      const text = inline(line.slice(level + 1));
      out.push(level === 1 ? html`<h2>${text}</h2>` : level === 2 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
      i++;
    } else if (line.startsWith('|')) {
      const rows = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
      const body = rows.slice(2).map(cells);
      out.push(html`<div class="table-wrap"><table class="table"><thead><tr>${cells(rows[0]).map(c => html`<th scope="col">${inline(c)}</th>`)}</tr></thead>
        <tbody>${body.map(r => html`<tr>${r.map(c => html`<td>${inline(c)}</td>`)}</tr>`)}</tbody></table></div>`);
    } else if (/^(\s*)([-*]|\d+\.) /.test(line)) {
      const ordered = /^\s*\d+\. /.test(line);
      const items = [];
      for (; i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('#') && !lines[i].startsWith('```'); i++) {
        if (/^\s*([-*]|\d+\.) /.test(lines[i])) items.push(lines[i].replace(/^\s*([-*]|\d+\.) /, ''));
        else items[items.length - 1] += ' ' + lines[i].trim();
      }
      const lis = items.map(t => html`<li>${inline(t)}</li>`);
      out.push(ordered ? html`<ol>${lis}</ol>` : html`<ul>${lis}</ul>`);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#|\||```|\s*([-*]|\d+\.) )/.test(lines[i]); i++) para.push(lines[i].trim());
      out.push(html`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return out;
}

class PluginDocs extends View {
  static properties = { doc: {}, text: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('doc')) this.load();
  }

  async load() {
    this.text = null;
    this.error = null;
    const page = PAGES.some(([id]) => id === this.doc) ? this.doc : 'guide';
    try {
      const response = await fetch(`/docs/plugins/${page}.md`, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the page could not be loaded (HTTP ${response.status})`);
      this.text = await response.text();
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    const tabs = html`<nav class="doc-tabs">${PAGES.map(([id, title]) => html`<a class="button slim ${id === this.doc ? 'primary' : ''}"
      href="#/plugins/docs/${id}">${title}</a> `)}</nav>`;
    const header = pageHeader('Writing plugins', 'How to write, test, evaluate and install a strategy of your own.', tabs);
    if (this.error) return html`<div class="page">${header}${loadError(this.error)}</div>`;
    if (this.text == null) return html`<div class="page">${header}${spinner()}</div>`;
    return html`<div class="page">${header}${card(nothing, html`<article class="doc">${render(this.text)}</article>`)}</div>`;
  }
}
customElements.define('mr-plugin-docs', PluginDocs);
