// A key device's key: rotate it (the new PSK shown once, with a copy button), the previous key's overlap, and ending it early.
import { api } from './api.js';
import { el, field, copy, dateTime, ago } from './ui.js';

const OVERLAPS = [['3600', '1 hour'], ['86400', '24 hours'], ['604800', '7 days'], ['0', 'None: the old key stops at once']];

/** The "Key" card of a device page, or null for a certificate device; update(device) redraws it from a newer device. */
export function keyCard(devicePath, device, onChange) {
  if (device.authMode !== 'key') return null;
  const overlap = el('select', { name: 'overlap' }, OVERLAPS.map(([v, t]) => el('option', { value: v, selected: v === '86400' }, t)));
  const previous = el('div', { id: 'previous-key', role: 'status' });
  const result = el('div');
  const error = el('p', { class: 'error', role: 'alert' });

  const endOverlap = async () => {
    error.textContent = '';
    try {
      const changed = await api('DELETE', `${devicePath}/previous-key`);
      update(changed);
      onChange(changed);
    } catch (e) { error.textContent = e.message; }
  };

  const update = (current) => {
    const key = current.previousKey;
    const lastUsed = key && key.lastUsedAt ? `last used ${ago(key.lastUsedAt)} (${dateTime(key.lastUsedAt)})` : 'never used since the rotation';
    previous.replaceChildren(
      !key ? el('p', { class: 'muted' }, 'No previous key: only the current key is accepted.')
        : key.active ? el('p', {}, `The previous key is accepted until ${dateTime(key.expiresAt)}; ${lastUsed}. `,
          el('button', { type: 'button', class: 'danger', onclick: endOverlap }, 'End overlap now'))
          : el('p', { class: 'muted' }, `The previous key is refused since ${dateTime(key.expiresAt)}; ${lastUsed}.`));
  };

  const form = el('form', {
    class: 'inline-form',
    'aria-label': 'Rotate the key',
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const rotated = await api('POST', `${devicePath}/rotate-key`, { overlapSeconds: Number(overlap.value) });
        result.replaceChildren(newKey(rotated));
        result.querySelector('h3').focus();
        update(rotated.device);
        onChange(rotated.device);
      } catch (e) { error.textContent = e.message; }
    },
  }, field('Overlap', overlap, 'How long the old key still works'), el('button', { type: 'submit' }, 'Rotate key'), error);

  update(device);
  const element = el('section', { class: 'card', 'aria-labelledby': 'key-title' },
    el('h2', { id: 'key-title' }, 'Key'), previous, form, result);
  return { element, update };
}

function newKey(rotated) {
  const key = rotated.device.previousKey;
  return el('div', { class: 'credentials', role: 'region', 'aria-labelledby': 'new-key-title' },
    el('h3', { id: 'new-key-title', tabindex: '-1' }, `New key of ${rotated.device.deviceName}`),
    el('p', { class: 'warning' }, 'Copy the new PSK now: it is shown only this once.'),
    el('dl', {},
      el('dt', {}, 'New PSK'),
      el('dd', {}, el('code', {}, rotated.psk),
        el('button', { type: 'button', class: 'quiet small', 'aria-label': 'Copy New PSK', onclick: () => copy(rotated.psk) }, 'Copy')),
      el('dt', {}, 'Old key'),
      el('dd', {}, key ? `accepted until ${dateTime(key.expiresAt)}` : 'no longer accepted')));
}
