// Products: list, create, default level.
import { api, get } from './api.js';
import { el, field, levelSelect, toast, dateTime } from './ui.js';

export async function productsView(container) {
  const products = await get('products');
  const body = el('tbody');
  const render = (list) => body.replaceChildren(...(list.length
    ? list.map((p) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: `#/p/${encodeURIComponent(p.productId)}` }, p.productId)),
      el('td', {}, p.name),
      el('td', {}, defaultLevel(p)),
      el('td', {}, dateTime(p.createdAt))))
    : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'No products yet: create the first one below.'))]));
  render(products);

  const productId = el('input', { name: 'productId', required: true, pattern: '[A-Za-z0-9_-]{1,32}', autocomplete: 'off', spellcheck: 'false' });
  const name = el('input', { name: 'name', autocomplete: 'off' });
  const level = levelSelect({ name: 'defaultLogLevel' }, 3);
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', {
    class: 'inline-form',
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const created = await api('POST', 'products', { productId: productId.value.trim(), name: name.value.trim() || productId.value.trim(), defaultLogLevel: Number(level.value) });
        toast(`Product ${created.productId} created.`);
        location.hash = `#/p/${encodeURIComponent(created.productId)}`;
      } catch (e) {
        error.textContent = e.message;
      }
    },
  },
  field('Product id', productId, 'The id the devices were built with: letters, digits, _ or -'),
  field('Name', name),
  field('Default level', level),
  el('button', { type: 'submit' }, 'Create product'),
  error);

  container.append(
    el('h1', { tabindex: '-1' }, 'Products'),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, ['Product', 'Name', 'Default level', 'Created'].map((h) => el('th', { scope: 'col' }, h)))),
      body)),
    el('section', { class: 'card', 'aria-labelledby': 'new-product' }, el('h2', { id: 'new-product' }, 'New product'), form));
  return () => {};
}

function defaultLevel(product) {
  const select = levelSelect({ 'aria-label': `Default level of ${product.productId}` }, product.defaultLogLevel);
  select.addEventListener('change', async () => {
    try {
      await api('PUT', `products/${encodeURIComponent(product.productId)}/log-level`, { defaultLogLevel: Number(select.value) });
      toast(`${product.productId}: default level set; devices without their own level are told now.`);
    } catch (e) {
      toast(e.message, 'error');
    }
  });
  return select;
}
