// One device: its state and level, and its log: live tail, filters, search, history, line details, export.
import { api, get, qs, cursorOf, follow, download } from './api.js';
import { el, field, levelName, levelSelect, toast, clock, dateTime, ago, stateBadge, offsetText, refusedCount, LEVELS } from './ui.js';
import { keyCard } from './keys.js';

const PAGE = 200;
const MAX_LINES = 5000;
const RANGES = [['live', 'Newest (live)'], ['15', 'Last 15 minutes'], ['60', 'Last hour'], ['1440', 'Last 24 hours'], ['10080', 'Last 7 days'], ['custom', 'Custom…']];
const LEVEL_FILTERS = [['', 'All levels'], ['1-1', 'Errors'], ['1-2', 'Warnings and errors'], ['1-3', 'Info and above'], ['2-2', 'Warnings only'], ['3-3', 'Info only'], ['4-4', 'Debug only']];

/** The device clock's measured offset, and whether it asked for the time since it connected. */
function clockText(clockInfo) {
  if (!clockInfo) return 'not measured';
  const offset = clockInfo.offsetSeconds === null ? 'not measured' : offsetText(clockInfo.offsetSeconds);
  return `${offset}${clockInfo.synced ? ' · synced' : ' · not synced'}`;
}

/** Its uploads refused over the last 24 hours, by reason: what an operator checks first when lines are missing. */
function refusalsBox(device) {
  const refused = refusedCount(device);
  if (!refused) return el('p', { class: 'muted', id: 'device-refusals' }, 'No upload refused in the last 24 h.');
  return el('section', { class: 'warning refusals', id: 'device-refusals', 'aria-label': 'Refused uploads' },
    el('strong', {}, `⚠ ${refused} upload${refused === 1 ? '' : 's'} refused in the last 24 h`),
    el('ul', {}, Object.entries(device.refusals).map(([code, r]) => el('li', {},
      el('code', {}, code), ` × ${r.count}, last ${ago(r.last)}: ${r.detail}`))));
}

export async function deviceView(container, productId, deviceName) {
  const devicePath = `products/${encodeURIComponent(productId)}/devices/${encodeURIComponent(deviceName)}`;
  let device = await get(devicePath);
  const timers = [];

  // ---- header: state and level
  const stateBox = el('div', { class: 'device-state' });
  const renderState = () => stateBox.replaceChildren(
    el('dl', { class: 'facts' },
      el('div', {}, el('dt', {}, 'State'), el('dd', { id: 'device-state' }, stateBadge(device))),
      el('div', {}, el('dt', {}, 'Last seen'), el('dd', { title: dateTime(device.lastSeen) }, ago(device.lastSeen))),
      el('div', {}, el('dt', {}, 'Last upload'), el('dd', { title: dateTime(device.lastUploadAt) }, ago(device.lastUploadAt))),
      el('div', {}, el('dt', {}, 'Address'), el('dd', {}, device.remoteAddress || '—')),
      el('div', {}, el('dt', {}, 'Clock'), el('dd', { id: 'device-clock' }, clockText(device.clock))),
      el('div', {}, el('dt', {}, 'Level'), el('dd', { id: 'device-level' },
        levelName(device.effectiveLogLevel), device.logLevel === null ? ' (product default)' : '',
        device.levelExpiresAt ? ` until ${dateTime(device.levelExpiresAt)}` : ''))),
    refusalsBox(device));
  renderState();
  const keys = keyCard(devicePath, device, (changed) => { device = changed; renderState(); });
  timers.push(setInterval(async () => {
    try { device = await get(devicePath); renderState(); keys?.update(device); } catch { /* shown on the next action */ }
  }, 10000));

  const levelChoice = levelSelect({ name: 'level' }, device.logLevel, { includeDefault: true });
  const duration = el('select', { name: 'duration' },
    el('option', { value: '' }, 'Until changed'), el('option', { value: '15' }, '15 minutes'), el('option', { value: '60' }, '1 hour'),
    el('option', { value: '240' }, '4 hours'), el('option', { value: '1440' }, '24 hours'));
  const levelResult = el('p', { class: 'level-result', id: 'level-result', role: 'status' });
  const levelForm = el('form', {
    class: 'inline-form',
    'aria-label': 'Set the level',
    onsubmit: async (event) => {
      event.preventDefault();
      const level = levelChoice.value === 'default' ? null : Number(levelChoice.value);
      const minutes = Number(duration.value);
      const expiresAt = minutes && level !== null ? new Date(Date.now() + minutes * 60000).toISOString() : null;
      try {
        device = await api('PUT', `${devicePath}/log-level`, { logLevel: level, levelExpiresAt: expiresAt });
        renderState();
        const until = device.levelExpiresAt ? ` until ${dateTime(device.levelExpiresAt)}, then the product default` : '';
        levelResult.textContent = `Level ${levelName(device.effectiveLogLevel)}${until}. ` + (device.online
          ? 'Pushed to the device over MQTT just now.'
          : 'The device is offline: it gets the level when it next connects.');
      } catch (e) {
        levelResult.textContent = e.message;
      }
    },
  }, field('Level', levelChoice), field('For', duration), el('button', { type: 'submit' }, 'Set level'));

  // ---- filters and tools
  const levelFilter = el('select', { name: 'levels' }, LEVEL_FILTERS.map(([v, t]) => el('option', { value: v }, t)));
  const range = el('select', { name: 'range' }, RANGES.map(([v, t]) => el('option', { value: v }, t)));
  const from = el('input', { type: 'datetime-local', name: 'from', step: '1' });
  const to = el('input', { type: 'datetime-local', name: 'to', step: '1' });
  const custom = el('div', { class: 'custom-range', hidden: true }, field('From', from), field('To', to));
  const search = el('input', { type: 'search', name: 'q', placeholder: 'Words in the line…', autocomplete: 'off' });
  const pause = el('button', { type: 'button', 'aria-pressed': 'false', id: 'pause' }, 'Pause');
  const followBox = el('input', { type: 'checkbox', checked: true, id: 'follow' });
  const liveState = el('span', { class: 'live-state', id: 'live-state', role: 'status' });
  const exportNdjson = el('button', { type: 'button', class: 'quiet' }, 'Export NDJSON');
  const exportCsv = el('button', { type: 'button', class: 'quiet' }, 'Export CSV');

  // ---- the log
  const list = el('ol', { class: 'lines', id: 'lines' });
  const older = el('button', { type: 'button', class: 'quiet older' }, 'Load older lines');
  const atStart = el('p', { class: 'muted start', hidden: true }, 'The first line matching these filters.');
  const pane = el('div', { class: 'log-pane', tabindex: '0', role: 'log', 'aria-live': 'off', 'aria-label': `Log of ${deviceName}` }, older, atStart, list);
  const jump = el('button', { type: 'button', class: 'jump', hidden: true }, '');
  const summary = el('p', { class: 'muted', id: 'summary', 'aria-live': 'polite' });

  let generation = 0;
  let stop = () => {};
  let paused = false;
  let cursor = null;
  let newest = 0;
  let unseen = 0;
  let loadingOlder = false;

  const filters = () => {
    const [min, max] = levelFilter.value ? levelFilter.value.split('-') : [];
    const params = { productId, deviceName, minLevel: min, maxLevel: max, q: search.value.trim() };
    if (range.value === 'custom') {
      params.since = from.value ? new Date(from.value).toISOString() : undefined;
      params.until = to.value ? new Date(to.value).toISOString() : undefined;
    } else if (range.value !== 'live') {
      params.since = new Date(Date.now() - Number(range.value) * 60000).toISOString();
    }
    return params;
  };
  const liveAllowed = () => !(range.value === 'custom' && to.value);
  const atBottom = () => pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  const toBottom = () => { pane.scrollTop = pane.scrollHeight; unseen = 0; jump.hidden = true; };
  const lineCount = () => list.querySelectorAll('li.line').length;
  const count = () => { summary.textContent = `${lineCount()} lines shown`; };

  // The device's gaps, drops and restarts, among its lines where they happened (GET …/gaps), placed again whenever
  // the lines shown change: a late upload that fills a gap makes its marker go.
  let markersTimer;
  const placeMarkers = async () => {
    const mine = generation;
    const first = list.querySelector('li.line');
    if (!first) { list.querySelectorAll('li.marker').forEach((m) => m.remove()); return; }
    try {
      const answer = await get(`${devicePath}/gaps?${qs({ since: first.dataset.received })}`);
      if (mine !== generation) return;
      list.querySelectorAll('li.marker').forEach((m) => m.remove());
      const lines = [...list.querySelectorAll('li.line')];
      for (const event of answer.items) {
        const at = new Date(event.at).getTime();
        const before = lines.find((l) => new Date(l.dataset.received).getTime() >= at);
        const item = marker(event);
        if (before) before.before(item); else list.append(item);
      }
    } catch { /* markers are an aid: the lines stand without them */ }
  };
  const markersSoon = () => { clearTimeout(markersTimer); markersTimer = setTimeout(placeMarkers, 500); };

  const setLive = (state, message) => {
    liveState.dataset.state = state;
    liveState.textContent = { live: '● Live', paused: 'Paused', history: 'History only', error: message || 'Reconnecting…' }[state];
  };

  const startLive = () => {
    stop();
    if (paused || !liveAllowed()) { setLive(paused ? 'paused' : 'history'); return; }
    const { since, until, ...params } = filters();
    stop = follow({ ...params, cursor: newest ? cursorOf(newest) : undefined }, {
      onLine: (item) => {
        if (item.id <= newest) return;
        newest = item.id;
        const follow = followBox.checked;
        list.append(line(item, true));
        while (lineCount() > MAX_LINES) {
          list.querySelector('li.line').remove();
          while (list.firstElementChild?.classList.contains('marker')) list.firstElementChild.remove();
          cursor = cursorOf(Number(list.querySelector('li.line').dataset.id));
          older.hidden = false;
          atStart.hidden = true;
        }
        markersSoon();
        if (follow) toBottom();
        else { unseen++; jump.hidden = false; jump.textContent = `${unseen} new line${unseen === 1 ? '' : 's'} ↓`; }
        count();
      },
      onState: setLive,
    });
  };

  const reload = async () => {
    const mine = ++generation;
    stop();
    stop = () => {};
    list.replaceChildren();
    cursor = null;
    newest = 0;
    unseen = 0;
    jump.hidden = true;
    try {
      const page = await get(`logs?${qs({ ...filters(), limit: PAGE })}`);
      if (mine !== generation) return;
      const items = page.items.slice().reverse();
      list.append(...items.map((item) => line(item)));
      newest = items.length ? items[items.length - 1].id : 0;
      cursor = page.nextCursor;
      older.hidden = !cursor;
      atStart.hidden = !!cursor || items.length === 0;
      count();
      if (!items.length) summary.textContent = 'No lines match these filters yet.';
      await placeMarkers();
      toBottom();
      followBox.checked = true;
      startLive();
    } catch (e) {
      summary.textContent = e.message;
    }
  };

  const loadOlder = async () => {
    if (!cursor || loadingOlder) return;
    loadingOlder = true;
    const mine = generation;
    try {
      const page = await get(`logs?${qs({ ...filters(), limit: PAGE, cursor })}`);
      if (mine !== generation) return;
      const before = pane.scrollHeight;
      list.prepend(...page.items.slice().reverse().map((item) => line(item)));
      pane.scrollTop += pane.scrollHeight - before; // keep the lines being read where they were
      cursor = page.nextCursor;
      older.hidden = !cursor;
      atStart.hidden = !!cursor;
      count();
      markersSoon();
    } catch (e) {
      toast(e.message, 'error');
    } finally {
      loadingOlder = false;
    }
  };

  let searchTimer;
  search.addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(reload, 350); });
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); clearTimeout(searchTimer); reload(); } });
  levelFilter.addEventListener('change', reload);
  range.addEventListener('change', () => { custom.hidden = range.value !== 'custom'; reload(); });
  from.addEventListener('change', reload);
  to.addEventListener('change', reload);
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (paused) { stop(); stop = () => {}; setLive('paused'); } else startLive();
  });
  followBox.addEventListener('change', () => { if (followBox.checked) toBottom(); });
  pane.addEventListener('scroll', () => {
    if (pane.scrollTop < 80) loadOlder();
    const bottom = atBottom();
    followBox.checked = bottom;
    if (bottom) { unseen = 0; jump.hidden = true; }
  });
  older.addEventListener('click', loadOlder);
  jump.addEventListener('click', () => { followBox.checked = true; toBottom(); });
  const exporter = (format) => async () => {
    try {
      const name = await download({ format, ...filters() });
      toast(`Downloaded ${name}.`);
    } catch (e) { toast(e.message, 'error'); }
  };
  exportNdjson.addEventListener('click', exporter('ndjson'));
  exportCsv.addEventListener('click', exporter('csv'));

  container.append(
    el('div', { class: 'title-row' }, el('h1', { tabindex: '-1' }, deviceName, el('span', { class: 'muted' }, ` ${productId}`)), stateBox),
    el('section', { class: 'card', 'aria-labelledby': 'level-title' }, el('h2', { id: 'level-title' }, 'Log level'), levelForm, levelResult),
    el('section', { class: 'log-section', 'aria-labelledby': 'log-title' },
      el('h2', { id: 'log-title', class: 'visually-hidden' }, 'Log'),
      el('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
        field('Levels', levelFilter), field('Time', range), custom, field('Search', search)),
      el('div', { class: 'toolbar' },
        liveState, pause,
        el('label', { class: 'check' }, followBox, ' Follow new lines'),
        el('span', { class: 'spacer' }), exportNdjson, exportCsv),
      el('div', { class: 'pane-wrap' }, pane, jump),
      summary),
    ...(keys ? [keys.element] : []));

  await reload();
  return () => { stop(); generation++; clearTimeout(markersTimer); timers.forEach(clearInterval); };
}

/** One event of the device's stream of lines, as a row of the log: what happened between the lines around it. */
function marker(event) {
  const n = (value) => value.toLocaleString('en-US');
  const causes = [['bufferFull', 'buffer full'], ['spoolFull', 'spool full'], ['shutdown', 'shut down before sent']]
    .filter(([key]) => event[key] > 0)
    .map(([key, words]) => (event[key] === event.lines ? words : `${words}: ${n(event[key])}`));
  const text = event.kind === 'gap'
    ? (event.lines === 1 ? `⚠ line ${n(event.fromLine)} never arrived` : `⚠ lines ${n(event.fromLine)}–${n(event.toLine)} never arrived`)
    : event.kind === 'dropped'
      ? `⚠ ${n(event.lines)} line${event.lines === 1 ? '' : 's'} dropped on the device (${causes.join(', ')})`
      : '↻ device restarted';
  return el('li', { class: `marker marker-${event.kind}`, 'data-at': event.at, role: 'note' },
    el('time', { datetime: event.at }, clock(event.at)), el('span', { class: 'text' }, text));
}

function line(item, fresh = false) {
  const toggle = el('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false', 'aria-label': `Details of the line at ${clock(item.receivedAt)}` }, '▸');
  const detail = el('dl', { class: 'detail', hidden: true },
    el('dt', {}, 'Device time'), el('dd', {}, item.deviceTime ? item.deviceTime.replace('T', ' ') : '— (not sent)'),
    el('dt', {}, 'Received'), el('dd', {}, `${dateTime(item.receivedAt)}.${String(new Date(item.receivedAt).getMilliseconds()).padStart(3, '0')} (${item.receivedAt})`),
    el('dt', {}, 'Tag'), el('dd', {}, item.tag || '—'),
    el('dt', {}, 'Request id'), el('dd', {}, el('code', {}, item.requestId)),
    el('dt', {}, 'Line id'), el('dd', {}, String(item.id)));
  const row = el('li', { class: `line lvl-${item.level}${fresh ? ' fresh' : ''}`, 'data-id': String(item.id), 'data-level': item.levelName, 'data-received': item.receivedAt },
    toggle,
    el('time', { datetime: item.receivedAt }, clock(item.receivedAt)),
    el('span', { class: `lvl lvl-${item.level}` }, LEVELS[item.level]?.prefix ?? item.levelName),
    item.tag ? el('span', { class: 'tag' }, item.tag) : null,
    el('span', { class: 'text' }, item.text),
    detail);
  const flip = () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? '▾' : '▸';
    detail.hidden = !open;
  };
  toggle.addEventListener('click', flip);
  row.addEventListener('click', (e) => {
    if (e.target === toggle || detail.contains(e.target) || getSelection().toString()) return;
    flip();
  });
  return row;
}
