// The dashboard's entry point: first load, live updates from /v1/events, periodic status, the
// connection state (live / reconnecting / lost) and search.
import { follow, get } from './api.js';
import { loadBlocks, onBlock, search, showError } from './chain.js';
import { $ } from './format.js';
import { initHistory, loadHistory } from './history.js';
import { initMarket, loadBook, showClearing } from './market.js';
import { onHeight, renderStatus, tick } from './network.js';

const STATUS_EVERY_MS = 2000;
let statusOk = false;
let streamOk = false;
let lostSince = null;
let window_ = null;

function setConn() {
  const c = $('conn');
  const live = statusOk && streamOk;
  if (live) lostSince = null;
  else if (lostSince === null) lostSince = new Date();
  c.className = `conn ${live ? 'conn-live' : statusOk ? 'conn-wait' : 'conn-lost'}`;
  c.dataset.state = live ? 'live' : statusOk ? 'reconnecting' : 'lost';
  c.textContent = live ? 'Live' : statusOk ? 'Reconnecting…' : 'Connection lost';
  const b = $('banner');
  b.hidden = statusOk;
  document.body.classList.toggle('stale', !statusOk);
  if (!statusOk) {
    b.textContent = `Lost the connection to this node at ${lostSince.toLocaleTimeString('en-GB')}; retrying. The data below is from before.`;
  }
}

/** Runs a refresh; a failure only marks the connection, the next tick retries. */
async function guard(fn) {
  try {
    await fn();
  } catch (e) {
    if (e.status === 0) {
      statusOk = false;
      setConn();
    } else console.warn('dashboard refresh failed:', e.message);
  }
}

async function refreshStatus() {
  const s = await get('/v1/status');
  const wasOk = statusOk;
  statusOk = true;
  renderStatus(s);
  setConn();
  if (!wasOk || s.window.current !== window_) {
    window_ = s.window.current;
    await loadBook();
  }
}

async function resync() {
  await refreshStatus();
  await Promise.all([loadBlocks(), loadBook(), refreshHistory()]);
}

async function refreshHistory() {
  await showClearing(await loadHistory());
}

let bookTimer = null;
function bookSoon() {
  if (bookTimer !== null) return;
  bookTimer = setTimeout(() => {
    bookTimer = null;
    void guard(loadBook);
  }, 300);
}

function start() {
  initMarket();
  initHistory();
  void guard(resync);
  setInterval(() => void guard(refreshStatus), STATUS_EVERY_MS);
  setInterval(tick, 1000);
  follow({
    open() {
      streamOk = true;
      setConn();
      void guard(resync);
    },
    lost() {
      streamOk = false;
      setConn();
    },
    block(ev) {
      onHeight(ev.height);
      void guard(() => onBlock(ev));
      bookSoon();
    },
    window() {
      void guard(refreshHistory);
      bookSoon();
    },
  });
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('search-input').value;
    search(q).catch((err) => showError('Search', err));
  });
  $('detail-close').addEventListener('click', () => {
    $('detail').hidden = true;
  });
}

start();
