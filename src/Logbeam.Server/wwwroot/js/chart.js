// A stacked bar chart of lines per minute by level, in SVG, with a table for screen readers.
const NS = 'http://www.w3.org/2000/svg';
const SERIES = [['error', 1], ['warn', 2], ['info', 3], ['debug', 4]];

function svg(tag, attributes) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

export function minuteChart(container, perMinute) {
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...perMinute.map((m) => m.counts.total));
  const barWidth = width / perMinute.length;
  const total = perMinute.reduce((sum, m) => sum + m.counts.total, 0);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 16}`, role: 'img', 'aria-label': `${total} lines in the last ${perMinute.length} minutes; busiest minute ${max}` });
  chart.append(svg('line', { x1: 0, x2: width, y1: height, y2: height, class: 'axis' }));
  perMinute.forEach((minute, i) => {
    let y = height;
    for (const [name, code] of SERIES) {
      const value = minute.counts[name];
      if (!value) continue;
      const h = (value / max) * (height - 4);
      y -= h;
      const bar = svg('rect', { x: i * barWidth + 1, y, width: Math.max(1, barWidth - 2), height: h, class: `bar lvl-${code}` });
      const title = svg('title', {});
      title.textContent = `${new Date(minute.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${value} ${name}`;
      bar.append(title);
      chart.append(bar);
    }
  });
  const label = (text, x, anchor) => {
    const t = svg('text', { x, y: height + 13, 'text-anchor': anchor, class: 'tick' });
    t.textContent = text;
    return t;
  };
  if (perMinute.length) {
    const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    chart.append(label(time(perMinute[0].minute), 0, 'start'), label('now', width, 'end'), label(`max ${max}/min`, width / 2, 'middle'));
  }
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const [name, code] of SERIES) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch lvl-${code}`;
    const sum = perMinute.reduce((s, m) => s + m.counts[name], 0);
    item.append(swatch, `${name} ${sum}`);
    legend.append(item);
  }
  container.replaceChildren(chart, legend);
}
