// One product: the lines-per-minute chart, its devices (searchable), registering a device, and its upload rules.
import { api, get } from './api.js';
import { el, field, levelName, levelSelect, toast, copy, ago, dateTime, stateBadge, refusedCount } from './ui.js';
import { minuteChart } from './chart.js';

export async function productView(container, productId) {
  const base = `products/${encodeURIComponent(productId)}`;
  const product = await get(base);
  const chartBox = el('div', { class: 'chart' });
  const search = el('input', { type: 'search', name: 'search', placeholder: 'Name contains…', autocomplete: 'off' });
  const body = el('tbody');
  const count = el('p', { class: 'muted', 'aria-live': 'polite' });
  let devices = [];
  let counts = new Map();

  const render = () => {
    const term = search.value.trim().toLowerCase();
    const shown = devices.filter((d) => d.deviceName.toLowerCase().includes(term));
    count.textContent = `${shown.length} of ${devices.length} devices`;
    body.replaceChildren(...(shown.length ? shown.map((d) => row(d, counts.get(d.deviceName))) : [
      el('tr', {}, el('td', { colspan: 6, class: 'empty' }, devices.length ? 'No device matches.' : 'No devices yet: register one below.'))]));
  };

  const row = (d, c = {}) => el('tr', { 'data-device': d.deviceName },
    el('th', { scope: 'row' }, el('a', { href: `#/p/${encodeURIComponent(productId)}/d/${encodeURIComponent(d.deviceName)}` }, d.deviceName)),
    el('td', {}, stateBadge(d), refusedCount(d) ? el('span', {
      class: 'refused-badge', title: Object.entries(d.refusals).map(([code, r]) => `${code} × ${r.count}: ${r.detail}`).join('\n'),
    }, ` ⚠ ${refusedCount(d)} refused`) : null),
    el('td', { title: d.lastSeen ? dateTime(d.lastSeen) : '' }, ago(d.lastSeen)),
    el('td', {}, levelName(d.effectiveLogLevel), d.logLevel === null ? el('span', { class: 'muted' }, ' (default)') : null,
      d.levelExpiresAt ? el('div', { class: 'muted small' }, `until ${dateTime(d.levelExpiresAt)}`) : null),
    el('td', { class: 'counts' }, ['error', 'warn', 'info', 'debug'].map((level, i) =>
      el('span', { class: `count lvl-${i + 1}`, title: `${level} lines in the last 24 h` }, `${c[level] ?? 0}`))),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'quiet', onclick: () => act(d, d.enabled ? 'disable' : 'enable') }, d.enabled ? 'Disable' : 'Enable'),
      el('button', { type: 'button', class: 'quiet danger', onclick: () => remove(d) }, 'Delete')));

  const refresh = async () => {
    const [list, stats] = await Promise.all([get(`${base}/devices`), get(`${base}/stats?minutes=60`)]);
    devices = list;
    counts = new Map(stats.devices.map((d) => [d.deviceName, d.counts]));
    render();
    minuteChart(chartBox, stats.perMinute);
  };

  const act = async (device, action) => {
    try {
      await api('POST', `${base}/devices/${encodeURIComponent(device.deviceName)}/${action}`);
      toast(`${device.deviceName} ${action}d.`);
      await refresh();
    } catch (e) { toast(e.message, 'error'); }
  };

  const remove = async (device) => {
    if (!confirm(`Delete ${device.deviceName}? Its credentials stop working at once; its stored lines stay.`)) return;
    try {
      await api('DELETE', `${base}/devices/${encodeURIComponent(device.deviceName)}`);
      toast(`${device.deviceName} deleted.`);
      await refresh();
    } catch (e) { toast(e.message, 'error'); }
  };

  search.addEventListener('input', render);
  const defaultLevel = levelSelect({ name: 'defaultLevel' }, product.defaultLogLevel);
  defaultLevel.addEventListener('change', async () => {
    try {
      await api('PUT', `${base}/log-level`, { defaultLogLevel: Number(defaultLevel.value) });
      toast(`Default level ${levelName(Number(defaultLevel.value))}; devices without their own level are told now.`);
      await refresh();
    } catch (e) { toast(e.message, 'error'); }
  });

  container.append(
    el('div', { class: 'title-row' },
      el('h1', { tabindex: '-1' }, product.name, product.name !== productId ? el('span', { class: 'muted' }, ` ${productId}`) : null),
      field('Default level', defaultLevel)),
    el('section', { class: 'card', 'aria-labelledby': 'chart-title' }, el('h2', { id: 'chart-title' }, 'Lines per minute, last hour'), chartBox),
    el('section', { 'aria-labelledby': 'devices-title' },
      el('div', { class: 'title-row' }, el('h2', { id: 'devices-title' }, 'Devices'), field('Search devices', search)),
      count,
      el('div', { class: 'table-wrap' }, el('table', { class: 'devices' },
        el('thead', {}, el('tr', {}, ['Device', 'State', 'Last seen', 'Level', 'Lines 24 h (E W I D)', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
        body))),
    createDevice(productId, base, refresh),
    uploadRules(productId, base, product));

  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 15000);
  return () => clearInterval(timer);
}

function createDevice(productId, base, refresh) {
  const name = el('input', { name: 'deviceName', required: true, autocomplete: 'off', spellcheck: 'false' });
  const psk = el('input', { name: 'psk', autocomplete: 'off', spellcheck: 'false' });
  const error = el('p', { class: 'error', role: 'alert' });
  const result = el('div');
  const form = el('form', {
    class: 'inline-form',
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const created = await api('POST', `${base}/devices`, { deviceName: name.value.trim(), psk: psk.value.trim() || null });
        name.value = '';
        psk.value = '';
        result.replaceChildren(credentials(productId, created));
        result.querySelector('h3').focus();
        await refresh();
      } catch (e) { error.textContent = e.message; }
    },
  },
  field('Device name', name),
  field('PSK to import (optional)', psk, 'Leave empty for a new key'),
  el('button', { type: 'submit' }, 'Register device'),
  error);
  return el('section', { class: 'card', 'aria-labelledby': 'new-device' }, el('h2', { id: 'new-device' }, 'Register a device'), form, result);
}

// The product's upload rules, each a checkbox saved as it changes. Allowing certificate-key HMAC asks first: it lets
// anyone who has a device's (public) certificate upload as that device.
function uploadRules(productId, base, product) {
  const certificateKeyHmac = el('input', { type: 'checkbox', name: 'allowCertificateKeyHmac', checked: product.allowCertificateKeyHmac, 'aria-describedby': 'cert-hmac-warning' });
  const legacyUploads = el('input', { type: 'checkbox', name: 'legacyUploads', checked: product.legacyUploads, 'aria-describedby': 'legacy-hint' });
  const save = async (box, member, said) => {
    if (box === certificateKeyHmac && box.checked
      && !confirm(`Accept HMAC uploads signed with the key in the certificates of ${productId}'s devices? Anyone holding a device's certificate can then upload as that device.`)) {
      box.checked = false;
      return;
    }
    try {
      const changed = await api('PATCH', base, { [member]: box.checked });
      box.checked = changed[member];
      toast(`${productId}: ${said} ${changed[member] ? 'on' : 'off'}.`);
    } catch (e) {
      box.checked = !box.checked;
      toast(e.message, 'error');
    }
  };
  certificateKeyHmac.addEventListener('change', () => save(certificateKeyHmac, 'allowCertificateKeyHmac', 'certificate-key HMAC'));
  legacyUploads.addEventListener('change', () => save(legacyUploads, 'legacyUploads', 'legacy uploads'));
  return el('section', { class: 'card', 'aria-labelledby': 'rules-title' },
    el('h2', { id: 'rules-title' }, 'Upload rules'),
    el('label', { class: 'check' }, certificateKeyHmac, ' Accept HMAC signed with the certificate key (certificate devices)'),
    el('p', { class: 'warning', id: 'cert-hmac-warning' },
      'Anyone holding a device\'s certificate, which is not secret, can then upload as that device. Leave this off unless ' +
      'certificate devices run Tencent\'s C SDK in certificate mode; rsa-sha256 uploads work either way.'),
    el('label', { class: 'check' }, legacyUploads, ' Accept legacy uploads (POST /cgi-bin/report-log)'),
    el('p', { class: 'muted small', id: 'legacy-hint' },
      'The C SDK\'s text frame, sent over plain HTTP. Turn it off for products whose devices all use /device/reportlog.'));
}

function credentials(productId, created) {
  const host = location.hostname;
  const rows = [
    ['Product id', productId],
    ['Device name', created.device.deviceName],
    created.psk ? ['Device PSK', created.psk] : null,
    ['MQTT client id', created.clientId],
    created.mqttPort ? ['MQTT broker', `${host}:${created.mqttPort}`] : null,
    created.mqttTlsPort ? ['MQTT over TLS', `${host}:${created.mqttTlsPort} (TLS-PSK with the device PSK; certificate TLS when configured)`] : null,
    ['Log upload URL', `${location.origin}${created.reportLogPath}`],
    created.httpsPort ? ['Log upload URL (HTTPS)', `https://${host}:${created.httpsPort}${created.reportLogPath}`] : null,
    ['Legacy upload URL (C SDK)', `${location.origin}${created.legacyReportPath}`],
    ['Host in the signature', created.canonicalHost],
  ].filter(Boolean);
  const all = rows.map(([k, v]) => `${k}: ${v}`).join('\n');
  return el('div', { class: 'credentials', role: 'region', 'aria-labelledby': 'creds-title' },
    el('h3', { id: 'creds-title', tabindex: '-1' }, `Credentials of ${created.device.deviceName}`),
    el('p', { class: 'warning' }, 'Copy the PSK now: it is shown only this once.'),
    el('dl', {}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, el('code', {}, v),
      el('button', { type: 'button', class: 'quiet small', 'aria-label': `Copy ${k}`, onclick: () => copy(v) }, 'Copy'))])),
    el('button', { type: 'button', onclick: () => copy(all) }, 'Copy all settings'));
}
