// Small DOM helpers: everything is built with createElement and textContent, never HTML strings from data.

/** el('p', {class: 'x', onclick: f}, 'text', child) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const LEVELS = [
  { code: 0, name: 'OFF', prefix: 'DIS' },
  { code: 1, name: 'ERROR', prefix: 'ERR' },
  { code: 2, name: 'WARN', prefix: 'WRN' },
  { code: 3, name: 'INFO', prefix: 'INF' },
  { code: 4, name: 'DEBUG', prefix: 'DBG' },
];

export const levelName = (code) => LEVELS[code]?.name ?? String(code);

export function levelBadge(code) {
  return el('span', { class: `badge lvl-${code}` }, levelName(code));
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** 14:03:07.123, local time */
export function clock(iso) {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 2026-01-31 14:03:07, local time */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function ago(iso) {
  if (!iso) return 'never';
  const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A clock offset in words: "2 h 13 min behind", "45 s ahead" (as the CLI and the refusal details say it). */
export function offsetText(offsetSeconds) {
  const seconds = Math.round(Math.abs(offsetSeconds));
  if (seconds === 0) return 'in step';
  const way = offsetSeconds < 0 ? 'behind' : 'ahead';
  const [d, h, m, s] = [Math.floor(seconds / 86400), Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
  const amount = seconds < 60 ? `${s} s`
    : seconds < 3600 ? (s ? `${m} min ${s} s` : `${m} min`)
    : seconds < 86400 ? (m ? `${Math.floor(seconds / 3600)} h ${m} min` : `${Math.floor(seconds / 3600)} h`)
    : `${d} d ${h} h`;
  return `${amount} ${way}`;
}

/** Uploads of a device refused over the last 24 hours, whatever the reason. */
export function refusedCount(device) {
  return Object.values(device.refusals ?? {}).reduce((sum, r) => sum + r.count, 0);
}

export function stateBadge(device) {
  if (!device.enabled) return el('span', { class: 'state disabled' }, 'disabled');
  return device.online ? el('span', { class: 'state online' }, 'online') : el('span', { class: 'state offline' }, 'offline');
}

let toastTimer;
/** A short message in the polite live region. */
export function toast(message, kind = 'info') {
  const status = document.getElementById('status');
  status.textContent = message;
  status.dataset.kind = kind;
  status.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => status.classList.remove('shown'), 6000);
}

/** Copies text; falls back to a selected text area where the Clipboard API is missing (plain http off localhost). */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el('textarea', { class: 'offscreen', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast('Copied.');
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, hint ? el('small', {}, hint) : null);
}

export function levelSelect(attributes, selected, { includeDefault = false } = {}) {
  return el('select', attributes,
    includeDefault ? el('option', { value: 'default', selected: selected === null }, 'Product default') : null,
    LEVELS.map((l) => el('option', { value: String(l.code), selected: selected === l.code }, `${l.name} (${l.code})`)));
}
