/**
 * The bridge's status readout, a small box at the top right of the stage while the viewer is driven
 * over `?bridge=`: connected or not, packets received (and refused), states sent, the last error.
 * Built from code with its own inline styles, so the viewer's page and stylesheet stay untouched.
 */
import type { BridgeClientStatus } from '../../engine/bridge/client.ts';

/** The readout. */
export interface BridgeStatusView {
  /** Shows a client status (cheap when nothing visible changed). */
  show(status: BridgeClientStatus): void;
  /** Shows a problem that is not the client's (bad URL, refused packet record). */
  problem(message: string): void;
  readonly element: HTMLElement;
}

const PHASE_TEXT: Record<BridgeClientStatus['phase'], string> = {
  connecting: 'connecting…',
  open: 'connected',
  waiting: 'reconnecting',
  stopped: 'stopped',
};

const PHASE_COLOUR: Record<BridgeClientStatus['phase'], string> = {
  connecting: '#d8b45a',
  open: '#7cc4b0',
  waiting: '#d8b45a',
  stopped: '#e0707a',
};

/** Adds the readout to `parent` (the stage). */
export function createBridgeStatus(parent: HTMLElement, url: string): BridgeStatusView {
  const box = document.createElement('div');
  box.id = 'bridge-status';
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'off');
  Object.assign(box.style, {
    position: 'absolute',
    top: '12px',
    right: '14px',
    maxWidth: 'min(360px, calc(100% - 28px))',
    padding: '6px 10px',
    borderRadius: '8px',
    background: 'rgba(17, 19, 24, 0.72)',
    color: '#c9ced8',
    font: '12px/1.45 system-ui, sans-serif',
    fontVariantNumeric: 'tabular-nums',
    pointerEvents: 'none',
  } satisfies Partial<CSSStyleDeclaration>);
  const head = document.createElement('div');
  const dot = document.createElement('span');
  Object.assign(dot.style, {
    display: 'inline-block',
    width: '8px',
    height: '8px',
    marginRight: '6px',
    borderRadius: '50%',
    verticalAlign: 'baseline',
  });
  const phase = document.createElement('span');
  phase.dataset.field = 'phase';
  head.append(dot, 'Bridge ', phase);
  const counts = document.createElement('div');
  counts.dataset.field = 'counts';
  const where = document.createElement('div');
  where.textContent = url;
  Object.assign(where.style, { opacity: '0.7', overflowWrap: 'anywhere' });
  const error = document.createElement('div');
  error.dataset.field = 'error';
  Object.assign(error.style, { color: '#f0a8ae', overflowWrap: 'anywhere' });
  error.hidden = true;
  box.append(head, counts, where, error);
  parent.append(box);

  let shown = '';
  const setError = (message: string | null): void => {
    error.hidden = message === null;
    error.textContent = message === null ? '' : `last error: ${message}`;
  };
  return {
    element: box,
    show(s) {
      const key = `${s.phase}|${s.client}|${s.packets}|${s.packetErrors}|${s.statesSent}|${s.retryInMs}|${s.lastError}`;
      if (key === shown) return;
      shown = key;
      dot.style.background = PHASE_COLOUR[s.phase];
      phase.textContent =
        s.phase === 'open'
          ? `connected · client ${s.client}`
          : s.phase === 'waiting' && s.retryInMs !== null
            ? `reconnecting in ${(s.retryInMs / 1000).toFixed(1)} s`
            : PHASE_TEXT[s.phase];
      counts.textContent =
        `${s.packets} packet${s.packets === 1 ? '' : 's'} received` +
        (s.packetErrors > 0 ? ` (${s.packetErrors} refused)` : '') +
        ` · ${s.statesSent} states sent`;
      setError(s.lastError);
    },
    problem(message) {
      shown = '';
      setError(message);
    },
  };
}
