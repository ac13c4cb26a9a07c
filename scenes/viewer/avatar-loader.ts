/**
 * Putting a VRM on stage: load it, swap it in for the current avatar, frame the camera on it, and
 * show its name and facts — or, on failure, say why (the error box) and keep the current avatar.
 */
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { loadErrorMessage } from '../shared/hook.ts';
import type { Performance } from '../shared/performance.ts';
import { loadViewerAvatar } from './avatar.ts';
import type { ViewerAvatar } from './avatar.ts';
import { showFacts } from './side-panel.ts';
import type { Stage } from './stage.ts';
import { ui } from './viewer-ui.ts';

/** The avatar on stage (null before the first loads); shared with the performance's rebuilds. */
export interface CurrentAvatar {
  avatar: ViewerAvatar | null;
}

export interface AvatarLoader {
  /** Puts a VRM on stage; on failure shows why and keeps the current avatar performing. */
  loadBytes(bytes: Uint8Array, name: string): Promise<boolean>;
  /** The status line over the stage (null hides it). */
  showStatus(text: string | null): void;
}

export function createAvatarLoader(deps: {
  readonly stage: Stage;
  readonly performance: Performance;
  readonly current: CurrentAvatar;
  /** Asks for the stage to be drawn again. */
  readonly invalidate: () => void;
}): AvatarLoader {
  const { stage, performance, current } = deps;

  function showError(name: string, message: string): void {
    ui.errorTitle.textContent = `Couldn’t open ${name}`;
    // The title names the file; the text starts at the place in it (byte offset or JSON path).
    ui.errorText.textContent = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
    ui.error.hidden = false;
  }
  ui.errorClose.addEventListener('click', () => (ui.error.hidden = true));

  function showStatus(text: string | null): void {
    ui.status.hidden = text === null;
    ui.status.textContent = text ?? '';
  }

  const head = new Vector3();
  const low = new Vector3();
  const scratch = new Vector3();

  async function loadBytes(bytes: Uint8Array, name: string): Promise<boolean> {
    if (!current.avatar) showStatus(`Loading ${name}…`);
    let next: ViewerAvatar;
    try {
      next = await loadViewerAvatar(stage.scene, bytes, name);
    } catch (error) {
      showStatus(current.avatar ? null : 'Open or drop a .vrm file to begin.');
      showError(name, loadErrorMessage(name, error));
      console.warn(error);
      return false;
    }
    if (current.avatar) {
      current.avatar.detach(performance.engine, performance.avatar);
      current.avatar.dispose();
    }
    const avatar = next;
    current.avatar = avatar;
    avatar.attach(performance.engine, performance.avatar);
    stage.castShadows(avatar.vrm.meshes);
    performance.tick(0);
    if (avatar.bonePosition('head', head) && avatar.bonePosition('hips', low)) {
      // The lowest of hips and fingertips (the hands rest in front of the body).
      for (const bone of ['leftMiddleDistal', 'rightMiddleDistal', 'leftHand', 'rightHand'])
        if (avatar.bonePosition(bone, scratch) && scratch.y < low.y) low.copyFrom(scratch);
      let top = -Infinity;
      for (const mesh of avatar.vrm.meshes) {
        mesh.computeWorldMatrix(true);
        top = Math.max(top, mesh.getBoundingInfo().boundingBox.maximumWorld.y);
      }
      stage.frame(head, low, top);
    }
    ui.avatarName.textContent = name;
    ui.avatarName.title = name;
    ui.error.hidden = true;
    showStatus(null);
    showFacts(avatar);
    deps.invalidate();
    return true;
  }

  return { loadBytes, showStatus };
}
