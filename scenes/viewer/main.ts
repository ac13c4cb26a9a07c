/**
 * The standalone viewer: the default avatar performing the looping demo script on a Babylon.js
 * stage, with a profile picker, play/pause/scrub, a live capsule timeline and drag-and-drop VRMs —
 * and a line to speak: the avatar gestures, then changes its face, then speaks with its lips on the
 * words, out loud (eSpeak NG through the voice DSP) or silently on estimated timing.
 *
 * This file only wires the parts together: the side panel (side-panel.ts), loading avatars
 * (avatar-loader.ts, file-drop.ts), the transport and audio clock (transport.ts), the timeline
 * (timeline-panel.ts), speaking (speak-panel.ts), the frame loop (frame-loop.ts, readouts.ts) and
 * the test hook (test-hook.ts).
 */
import { LEAD_LAG } from '../../engine/timing/resource.ts';
import type { LeadLagLogEvent, LeadLagResource } from '../../engine/timing/resource.ts';
import { demoScript, loadLibrary } from '../shared/library.ts';
import { createPerformance } from '../shared/performance.ts';
import { DEFAULT_AVATAR_NAME, fetchDefaultAvatar, sceneOptions } from '../shared/scene-options.ts';
import { AudioLock } from './audio.ts';
import { createAvatarLoader } from './avatar-loader.ts';
import { startViewerBridge } from './bridge-client.ts';
import { installEnvironmentHook } from './environment-hook.ts';
import { createPageEnvironment } from '../shared/environments.ts';
import { createEnvironmentPanel } from './environment-panel.ts';
import type { CurrentAvatar } from './avatar-loader.ts';
import { viewerPlugins } from './avatar.ts';
import { wireFileDrop } from './file-drop.ts';
import { startFrameLoop } from './frame-loop.ts';
import { createReadouts } from './readouts.ts';
import { createSidePanel } from './side-panel.ts';
import { createSpeakPanel } from './speak-panel.ts';
import { createStage } from './stage.ts';
import { installTestHook } from './test-hook.ts';
import { timelineDomains } from './timeline-domains.ts';
import { createTimelinePanel, preferredTimelineHeight } from './timeline-panel.ts';
import { createTransport } from './transport.ts';
import type { ViewerSound } from './transport.ts';
import { ui } from './viewer-ui.ts';

const options = sceneOptions(location.search);
const stage = createStage(ui.canvas);
const { registry } = loadLibrary();
const script = demoScript();
const current: CurrentAvatar = { avatar: null };
/** Audio (made by the first Speak, a user gesture) and the engine ⇔ audio clock lock. */
const sound: ViewerSound = { audio: null, lock: new AudioLock() };
/** The lead-lag scheduler's log (barge-ins, cancels, voice fallbacks), live events only. */
const speechLog: LeadLagLogEvent[] = [];
/** The environment picked in the Environment section; every engine built is lit by it. */
const pageEnvironment = createPageEnvironment(location.search);

const performance = createPerformance({
  registry,
  script,
  seed: options.seed,
  startMs: options.startMs,
  plugins: () => [
    ...viewerPlugins(
      sound.audio && {
        context: sound.audio.context,
        destination: sound.audio.input,
        toContextTime: sound.lock.toContextTime,
      },
    ),
    pageEnvironment.plugin,
  ],
  onBuild: (engine, eid) => {
    current.avatar?.attach(engine, eid);
    // Subscribed after the rebuild replayed its lines, so the log holds each live event once.
    engine.resource<LeadLagResource>(LEAD_LAG).onEvent((event) => speechLog.push(event));
  },
  onEvent: (event) => console.warn(`engine: ${event.message}`),
});
performance.setPlaying(!options.paused);

const phraseItems = createSidePanel(performance, registry);
const loader = createAvatarLoader({ stage, performance, current, invalidate: () => loop.invalidate() });
wireFileDrop(loader.loadBytes);

const transport = createTransport(performance, sound);
const timeline = createTimelinePanel(ui.timeline, transport.scrub);
const lanes = timelineDomains(registry);
ui.timeline.style.height = `${preferredTimelineHeight(lanes().length)}px`;

const speakPanel = createSpeakPanel(performance, registry, transport);
const loop = startFrameLoop({
  stage,
  performance,
  transport,
  timeline,
  timelineAvatar: script.avatars[0]!,
  lanes,
  readouts: createReadouts(performance, phraseItems, speakPanel.speakProfile),
  showSpeech: speakPanel.showSpeech,
});

const environmentPanel = createEnvironmentPanel({
  performance,
  stage,
  page: pageEnvironment,
  invalidate: () => loop.invalidate(),
});
installEnvironmentHook(environmentPanel);

// --- Start: the default avatar ----------------------------------------------------------------
const ready = (async () => {
  if (options.defaultAvatar) {
    loader.showStatus(`Loading ${DEFAULT_AVATAR_NAME}…`);
    const bytes = await fetchDefaultAvatar();
    if (bytes) await loader.loadBytes(bytes, DEFAULT_AVATAR_NAME);
    else loader.showStatus('No default avatar yet — open or drop a .vrm file.');
  } else loader.showStatus('Open or drop a .vrm file to begin.');
  await environmentPanel.ready;
  performance.tick(0);
  stage.scene.render();
})();

installTestHook({
  ready,
  performance,
  registry,
  stage,
  transport,
  speakPanel,
  sound,
  speechLog,
  loader,
  current,
  loop,
});
startViewerBridge({ performance, registry, stage, speakPanel });
