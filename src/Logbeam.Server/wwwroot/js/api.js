// The management API, with the admin key from this tab's sessionStorage as a Bearer header.
const KEY = 'logbeam.apiKey';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) { value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY); },
};

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

function headers(extra = {}) {
  return { Authorization: `Bearer ${session.key}`, ...extra };
}

async function fail(response) {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch { /* not JSON */ }
  if (response.status === 401) onUnauthorized();
  return new ApiError(response.status, detail);
}

export async function api(method, path, body) {
  let response;
  try {
    response = await fetch(`/api/v1/${path}`, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check that it is running, then try again.');
  }
  if (!response.ok) throw await fail(response);
  return response.status === 204 ? null : response.json();
}

export const get = (path) => api('GET', path);

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  return search.toString();
}

/** The API's cursor for a line id: its 8 bytes big-endian, base64url. */
export function cursorOf(id) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(id));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Follows /api/v1/logs/stream with fetch() and a stream reader (EventSource cannot send the Bearer header).
 * Calls onLine(item) per line; reconnects after a drop from the last line seen, so none is lost or repeated.
 * Returns a function that stops it.
 */
export function follow(params, { onLine, onState }) {
  const controller = new AbortController();
  let lastId = params.cursor || null;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const query = qs({ ...params, cursor: lastId });
        const response = await fetch(`/api/v1/logs/stream?${query}`, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!response.ok) {
          const error = await fail(response);
          onState('error', error.message);
          if (response.status === 401 || response.status === 400) return;
        } else {
          onState('live');
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let data = '';
              let id = null;
              let type = 'message';
              for (const line of event.split('\n')) {
                if (line.startsWith('data:')) data += line.slice(5).trimStart();
                else if (line.startsWith('id:')) id = line.slice(3).trim();
                else if (line.startsWith('event:')) type = line.slice(6).trim();
              }
              // Lines are the unnamed events; the keep-alives (named, without data) are not.
              if (type === 'message' && data) {
                if (id) lastId = id;
                onLine(JSON.parse(data));
              }
            }
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        onState('error', 'Connection lost; reconnecting…');
      }
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  run();
  return () => controller.abort();
}

/** Downloads an export with the Bearer header, through a blob. */
export async function download(params) {
  const response = await fetch(`/api/v1/logs/export?${qs(params)}`, { headers: headers() });
  if (!response.ok) throw await fail(response);
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || `logbeam.${params.format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}
