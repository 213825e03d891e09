// The console: hash routes, sign-in, and one view at a time.
import { get, session, whenUnauthorized } from './api.js';
import { el } from './ui.js';
import { productsView } from './products.js';
import { productView } from './product.js';
import { deviceView } from './device.js';

const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');
let leave = () => {};

function crumbs(items) {
  const list = document.getElementById('crumbs');
  list.replaceChildren(...items.map(([text, href], i) =>
    el('li', {}, i === items.length - 1 ? el('span', { 'aria-current': 'page' }, text) : el('a', { href }, text))));
}

function showSignIn(message = '') {
  leave();
  leave = () => {};
  session.key = null;
  view.replaceChildren();
  crumbs([]);
  signOut.hidden = true;
  signIn.hidden = false;
  document.getElementById('sign-in-error').textContent = message;
  document.getElementById('api-key').focus();
}

async function route() {
  leave();
  leave = () => {};
  if (!session.key) return showSignIn();
  signIn.hidden = true;
  signOut.hidden = false;
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const container = el('div');
  view.replaceChildren(container);
  try {
    if (parts[0] === 'p' && parts[1] && parts[2] === 'd' && parts[3]) {
      crumbs([['Products', '#/'], [parts[1], `#/p/${encodeURIComponent(parts[1])}`], [parts[3]]]);
      leave = await deviceView(container, parts[1], parts[3]);
    } else if (parts[0] === 'p' && parts[1]) {
      crumbs([['Products', '#/'], [parts[1]]]);
      leave = await productView(container, parts[1]);
    } else {
      crumbs([['Products']]);
      leave = await productsView(container);
    }
  } catch (error) {
    if (error.status === 401) return;
    container.replaceChildren(el('div', { class: 'card' }, el('h1', { tabindex: '-1' }, 'Something went wrong'), el('p', { class: 'error' }, error.message),
      el('p', {}, el('a', { href: '#/' }, 'Back to the products'))));
  }
  (view.querySelector('h1') || document.getElementById('main')).focus({ preventScroll: true });
}

whenUnauthorized(() => showSignIn('The server refused the key. Sign in again.'));

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  session.key = input.value.trim();
  try {
    await get('products');
    input.value = '';
    route();
  } catch (error) {
    showSignIn(error.status === 401 ? 'That key is not the admin key.' : error.message);
  }
});

signOut.addEventListener('click', () => showSignIn());
window.addEventListener('hashchange', route);
route();
