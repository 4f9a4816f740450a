// The node's HTTP API (same origin) and its server-sent event stream, with reconnection.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET a JSON route; throws ApiError with the node's error code and message on 4xx/5xx. */
export async function get(path) {
  let r;
  try {
    r = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'the node cannot be reached');
  }
  const body = await r.json().catch(() => null);
  if (!r.ok)
    throw new ApiError(r.status, body?.error?.code ?? `HTTP_${r.status}`, body?.error?.message ?? `HTTP ${r.status}`);
  return body;
}

/**
 * Follows /v1/events. on: { block(ev), window(ev), open(), lost() }. After an error the stream is
 * closed and reopened with back-off (1 s doubling to 10 s); `open` fires on every (re)connection
 * so the caller can resynchronise what it missed.
 */
export function follow(on) {
  let es = null;
  let delay = 1000;
  let timer = null;
  const connect = () => {
    timer = null;
    es = new EventSource('/v1/events');
    es.onopen = () => {
      delay = 1000;
      on.open();
    };
    es.onerror = () => {
      es.close();
      on.lost();
      if (timer === null) timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10_000);
    };
    for (const name of ['block', 'window']) {
      es.addEventListener(name, (m) => {
        let data;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        on[name](data);
      });
    }
  };
  connect();
}
