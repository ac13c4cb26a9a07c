/**
 * The Speak section: a line to speak and a voice to speak it in. Speaking synthesises the line
 * (eSpeak NG, loaded on first use, or silently on estimated timing), then gives it to the engine —
 * the hands start at once, the face follows, then the voice — and the section's status follows the
 * latest line through its phases, with its leads.
 */
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';
import type { Library } from '../shared/library.ts';
import type { Performance, Spoken } from '../shared/performance.ts';
import { formatLeads, leadsOf } from './timeline-leads.ts';
import type { Transport } from './transport.ts';
import { option, ui } from './viewer-ui.ts';
import { createViewerVoices, DEFAULT_VOICE, SILENT_VOICE } from './voices.ts';
import type { ViewerVoices } from './voices.ts';

/** Profile a line is spoken in when the picker says “As scripted”. */
const SPEAK_PROFILE = 'friendly';

const PHASE_ORDER = ['handLead', 'face', 'voice', 'sustain'];

/** How long a line's voice lasted: from the first word heard to the end of its audio and lips. */
const speechLength = (l: UtteranceLanes): number =>
  l.items
    .filter((i) => i.lane === 'lip' || i.kind === 'audio')
    .reduce((end, i) => Math.max(end, i.end), l.voiceAt) - l.voiceAt;

export interface SpeakPanel {
  readonly voices: ViewerVoices;
  /**
   * Speaks a line: synthesises it (lines given while one is being prepared wait their turn), then
   * brings the engine to now and gives it — the hands start at once, the face follows, then the
   * voice. Speaking while a line runs interrupts it (barge-in, 120 ms fade). Speaking also plays if
   * paused.
   */
  speak(text: string, opts?: { voice?: string; profile?: string }): Promise<Spoken | null>;
  /** The picker's profile, else the default one (null if the library lacks it: the voice alone). */
  speakProfile(): string | null;
  /** Brings the Speak section's status up to date (cheap when nothing changed). */
  showSpeech(): void;
}

export function createSpeakPanel(
  performance: Performance,
  registry: Library['registry'],
  transport: Transport,
): SpeakPanel {
  const voices = createViewerVoices(showVoices);

  function speakProfile(): string | null {
    const p = performance.chosenProfile ?? SPEAK_PROFILE;
    return registry.profile(p) ? p : null;
  }

  function showVoices(): void {
    const picked = ui.voice.value;
    const silent = option(SILENT_VOICE, 'Silent (estimated timing)');
    if (voices.provider === 'espeak') {
      const group = document.createElement('optgroup');
      group.label = 'eSpeak NG';
      group.append(...voices.list.map((v) => option(v.id, v.label)));
      ui.voice.replaceChildren(group, silent);
      ui.voice.value = picked || DEFAULT_VOICE;
      if (ui.voice.value === '') ui.voice.value = voices.list[0]?.id ?? SILENT_VOICE;
      ui.voiceNote.textContent = `eSpeak NG · ${voices.list.length} voices (GPL-3.0, loaded on its own).`;
    } else if (voices.provider === 'silence') {
      ui.voice.replaceChildren(silent);
      ui.voice.value = SILENT_VOICE;
      ui.voiceNote.textContent =
        'eSpeak NG isn’t available (optional dependency @echogarden/espeak-ng-emscripten): lines are timed by estimate and performed without sound — hands, face and lips still move.';
    } else {
      if (ui.voice.options.length === 0)
        ui.voice.replaceChildren(option(DEFAULT_VOICE, 'English (America)'), silent);
      ui.voiceNote.textContent =
        voices.provider === 'loading'
          ? 'Loading eSpeak NG…'
          : 'eSpeak NG (optional, GPL-3.0) loads on first use.';
    }
    ui.voiceNote.classList.toggle('warn', voices.provider === 'silence');
  }
  showVoices();
  // eSpeak loads when a line is about to be typed or a voice picked, not for a glance at the demo.
  for (const el of [ui.speakText, ui.voice])
    for (const type of ['focus', 'pointerdown'] as const) el.addEventListener(type, () => void voices.load());

  let speaking = Promise.resolve();
  let preparing = 0;

  function speak(text: string, opts: { voice?: string; profile?: string } = {}): Promise<Spoken | null> {
    const line = text.trim().replace(/\s+/g, ' ');
    if (line === '') return Promise.resolve(null);
    transport.startAudio();
    const voice = opts.voice ?? (ui.voice.value || DEFAULT_VOICE);
    const profile = opts.profile ?? speakProfile();
    preparing++;
    ui.speakButton.setAttribute('aria-busy', 'true');
    showSpeech();
    const result = speaking.then(async () => {
      try {
        const synth = await voices.synthesize(line, voice);
        if (!performance.playing) transport.setPlaying(true, false);
        transport.advance(window.performance.now());
        return performance.speak({ text: line, profile, utterance: synth.utterance, voice: synth.voice });
      } finally {
        if (--preparing === 0) ui.speakButton.removeAttribute('aria-busy');
      }
    });
    speaking = result.then(
      () => undefined,
      (error: unknown) => console.error(error),
    );
    return result;
  }

  ui.speakForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void speak(ui.speakText.value);
  });
  ui.speakText.addEventListener('keydown', (e) => {
    // Enter speaks; Shift+Enter is a new line.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    ui.speakForm.requestSubmit();
  });

  let shownSpeech = '';

  /** The Speak section's status: the latest line's phase and its leads. */
  function showSpeech(): void {
    const latest = performance.spoken().at(-1);
    const t = performance.time();
    let key = `${preparing}`;
    let text = '';
    let phase = '';
    if (latest && latest.at <= t) {
      const l = latest.lanes;
      phase = latest.phase();
      const leads = formatLeads(leadsOf(l));
      const voice = latest.line.voice === 'provider' ? '' : ' · silent';
      text =
        l.cancelledAt !== null
          ? `Interrupted · ${leads}`
          : phase === 'idle'
            ? `Spoke ${(speechLength(l) / 1000).toFixed(1)} s · ${leads}${voice}`
            : `${leads} before the voice${voice}`;
      key += `${l.id}${phase}${text}`;
    }
    if (preparing > 0 && (!latest || latest.phase() === 'idle')) text = 'Preparing the voice…';
    key += text;
    if (key === shownSpeech) return;
    shownSpeech = key;
    ui.speakStatus.hidden = text === '';
    ui.speakLine.textContent = text;
    // Past the speech (release, idle, or cut short) every step is done.
    const index =
      phase === 'release' || phase === 'idle' || latest?.lanes.cancelledAt != null
        ? PHASE_ORDER.length
        : PHASE_ORDER.indexOf(phase);
    for (const li of ui.speakStatus.querySelectorAll<HTMLElement>('[data-phase]')) {
      const i = PHASE_ORDER.indexOf(li.dataset.phase!);
      li.classList.toggle('now', i === index);
      li.classList.toggle('done', index >= 0 && i < index);
    }
  }

  return { voices, speak, speakProfile, showSpeech };
}
