import { Logger, NodeIO, type Document, type Primitive } from '@gltf-transform/core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_BONE_NAMES, type HumanBoneName } from '../../engine/rig/bones.ts';
import { ARKIT_EXPRESSIONS, VRM_PRESET_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import { readRigDescription, type RigDescription } from '../../engine/rig/vrm-reader.ts';
import { lowerEdge, upperEdge } from '../../tools/avatar/eye-shape.ts';
import { UPPER_LID_RADIUS, eyeCentre } from '../../tools/avatar/eyes.ts';
import { FINGER_RADII } from '../../tools/avatar/hands.ts';
import { DEFAULT_AVATAR_PATH, forgeAvatar } from '../../tools/avatar/forge.ts';
import { PRESET_RECIPES } from '../../tools/avatar/vrm-expressions.ts';
import { FINGER_LAYOUT, SKELETON } from '../../tools/avatar/skeleton.ts';

// Generating takes several seconds of CPU; on a busy machine, much longer.
const SLOW = 600_000;

let first: Uint8Array;
let second: Uint8Array;
let rig: RigDescription;
let doc: Document;

beforeAll(async () => {
  first = (await forgeAvatar()).bytes;
  second = (await forgeAvatar()).bytes;
  rig = await readRigDescription(first, 'default-avatar.vrm');
  const io = new NodeIO().setLogger(new Logger(Logger.Verbosity.SILENT));
  doc = await io.readBinary(first);
}, SLOW);

function primitives(mesh: 'Face' | 'Body'): Primitive[] {
  const m = doc
    .getRoot()
    .listMeshes()
    .find((x) => x.getName() === mesh);
  if (!m) throw new Error(`no ${mesh} mesh`);
  return m.listPrimitives();
}

function byMaterial(mesh: 'Face' | 'Body', material: string): Primitive {
  const p = primitives(mesh).find((x) => x.getMaterial()?.getName() === material);
  if (!p) throw new Error(`no ${material} primitive in ${mesh}`);
  return p;
}

function floats(p: Primitive, semantic: string): Float32Array {
  const a = p.getAttribute(semantic)?.getArray();
  if (!(a instanceof Float32Array)) throw new Error(`${semantic} is not float`);
  return a;
}

describe('default avatar generator', () => {
  it('gives the same bytes on every run', () => {
    expect(first.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('matches the committed assets/default-avatar.vrm (run `capsule forge-avatar` after changing tools/avatar)', () => {
    const committed = readFileSync(DEFAULT_AVATAR_PATH);
    expect(committed.byteLength).toBe(first.byteLength);
    expect(committed.equals(Buffer.from(first))).toBe(true);
  });

  it('is under 2 MB', () => {
    expect(first.byteLength).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('default avatar as a VRM 1.0 rig', () => {
  it('reads through readRigDescription with no warnings', () => {
    expect(rig.warnings).toEqual([]);
    expect(rig.specVersion).toBe('1.0');
    expect(rig.sourceSpecVersion).toBe('1.0');
    expect(rig.meta.name).toBe('Capsule Default Avatar');
    expect(rig.meta.licenseUrl).toBe('https://vrm.dev/licenses/1.0/');
    expect(rig.meta.permissions).toMatchObject({
      avatarPermission: 'everyone',
      creditNotation: 'unnecessary',
      allowRedistribution: true,
      modification: 'allowModificationRedistribution',
    });
  });

  it('maps all 55 humanoid bones, none missing', () => {
    expect(Object.keys(rig.humanBones)).toHaveLength(55);
    expect(Object.keys(rig.humanBones).sort()).toEqual([...HUMAN_BONE_NAMES].sort());
    expect(rig.missingRequiredBones).toEqual([]);
  });

  it('has every VRM preset and all 52 ARKit shapes as expressions with binds', () => {
    const byName = new Map(rig.expressions.map((e) => [e.name, e]));
    for (const preset of VRM_PRESET_EXPRESSIONS) {
      expect(byName.get(preset)?.morphTargetBinds.length, preset).toBeGreaterThan(0);
    }
    for (const shape of ARKIT_EXPRESSIONS) {
      const e = byName.get(`custom:${shape}`);
      expect(e?.sourceName, shape).toBe(shape);
      expect(e?.morphTargetBinds).toHaveLength(1);
      expect(e?.morphTargetBinds[0]?.weight).toBe(1);
    }
    expect(rig.expressions).toHaveLength(VRM_PRESET_EXPRESSIONS.length + ARKIT_EXPRESSIONS.length);
  });

  it('documents every preset recipe as written (docs/default-avatar.md)', () => {
    // Table rows, cells trimmed (prettier pads the columns).
    const rows = readFileSync('docs/default-avatar.md', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    for (const [name, r] of Object.entries(PRESET_RECIPES)) {
      const binds = r.binds.map(([shape, w]) => `${shape} ${w}`).join(', ');
      expect(rows, name).toContainEqual([
        `\`${name}\``,
        binds,
        r.overrideBlink,
        r.overrideLookAt,
        r.overrideMouth,
      ]);
    }
  });

  it('looks with the eye bones', () => {
    expect(rig.lookAt?.type).toBe('bone');
    expect(rig.humanBones.leftEye).toBeDefined();
    expect(rig.humanBones.rightEye).toBeDefined();
  });

  it('stands in a T-pose about 1.6–1.7 m tall, facing +Z', () => {
    const nodes = doc.getRoot().listNodes();
    const world = (name: string) => nodes.find((n) => n.getName() === name)!.getWorldTranslation();
    expect(world('head')[1]).toBeGreaterThan(1.4);
    const top = Math.max(...primitives('Body').map((p) => p.getAttribute('POSITION')!.getMax([])[1]!));
    expect(top).toBeGreaterThan(1.6);
    expect(top).toBeLessThan(1.75);
    // Arms straight out along ±X at shoulder height.
    expect(world('leftHand')[0]).toBeGreaterThan(0.6);
    expect(world('rightHand')[0]).toBeLessThan(-0.6);
    expect(Math.abs(world('leftHand')[1] - world('leftUpperArm')[1])).toBeLessThan(0.01);
    // The nose is in front of the eyes.
    const face = byMaterial('Face', 'skin').getAttribute('POSITION')!;
    expect(face.getMax([])[2]!).toBeGreaterThan(world('leftEye')[2]);
  });
});

describe('default avatar face', () => {
  it('has the 52 ARKit morph targets, named as ARKit names them, and every one moves something', () => {
    const face = doc
      .getRoot()
      .listMeshes()
      .find((m) => m.getName() === 'Face')!;
    expect((face.getExtras() as { targetNames?: string[] }).targetNames).toEqual([...ARKIT_EXPRESSIONS]);
    ARKIT_EXPRESSIONS.forEach((name, t) => {
      let moved = 0;
      for (const p of face.listPrimitives()) {
        const d = p.listTargets()[t]!.getAttribute('POSITION')!.getArray()!;
        for (let i = 0; i < d.length; i += 3) if (Math.hypot(d[i]!, d[i + 1]!, d[i + 2]!) > 1e-4) moved++;
      }
      expect(moved, name).toBeGreaterThan(0);
    });
  });

  it('closes the eyelid on a blink: the upper lid travels down at least the eye opening', () => {
    const skin = byMaterial('Face', 'skin');
    const pos = floats(skin, 'POSITION');
    const targets = skin.listTargets();
    for (const [side, name] of [
      [1, 'eyeBlinkLeft'],
      [-1, 'eyeBlinkRight'],
    ] as const) {
      const d = targets[ARKIT_EXPRESSIONS.indexOf(name)]!.getAttribute('POSITION')!.getArray()!;
      const e = eyeCentre(side);
      const openingHeight = UPPER_LID_RADIUS * (Math.sin(upperEdge(0)) - Math.sin(lowerEdge(0)));
      expect(openingHeight).toBeGreaterThan(0.008);
      let maxDown = 0;
      let wrongSide = 0;
      for (let i = 0; i < pos.length; i += 3) {
        const dy = d[i + 1]!;
        if (Math.sign(pos[i]!) !== side && Math.hypot(d[i]!, dy, d[i + 2]!) > 1e-5) wrongSide++;
        // Lid vertices in front of the eye, near its vertical midline.
        if (Math.abs(pos[i]! - e[0]) < 0.004 && pos[i + 2]! > e[2]) maxDown = Math.max(maxDown, -dy);
      }
      expect(wrongSide, name).toBe(0);
      expect(maxDown, name).toBeGreaterThanOrEqual(openingHeight);
    }
  });

  it('skins each eyeball wholly to its eye bone', () => {
    const eye = HUMAN_BONE_NAMES.indexOf('leftEye');
    for (const material of ['iris', 'pupil', 'eyeWhite']) {
      const p = byMaterial('Face', material);
      const pos = floats(p, 'POSITION');
      const joints = p.getAttribute('JOINTS_0')!.getArray()!;
      const weights = p.getAttribute('WEIGHTS_0')!.getArray()!;
      for (let i = 0; i < pos.length / 3; i++) {
        expect(joints[4 * i]).toBe(pos[3 * i]! > 0 ? eye : eye + 1);
        expect(weights[4 * i]).toBe(255);
      }
    }
  });
});

describe('default avatar hands', () => {
  const FINGERS = ['Thumb', 'Index', 'Middle', 'Ring', 'Little'] as const;
  const stems = (f: (typeof FINGERS)[number]): string[] =>
    f === 'Thumb'
      ? ['ThumbMetacarpal', 'ThumbProximal', 'ThumbDistal']
      : [`${f}Proximal`, `${f}Intermediate`, `${f}Distal`];

  it('weights each finger predominantly to its own bones', () => {
    const hands = byMaterial('Body', 'skin');
    const pos = floats(hands, 'POSITION');
    const joints = hands.getAttribute('JOINTS_0')!.getArray()!;
    const weights = hands.getAttribute('WEIGHTS_0')!.getArray()!;
    for (const side of ['left', 'right'] as const) {
      for (const finger of FINGERS) {
        const bones = stems(finger).map((s) => `${side}${s}` as HumanBoneName);
        const ids = new Set(bones.map((b) => HUMAN_BONE_NAMES.indexOf(b)));
        // The finger's own flesh: past the knuckle's blend zone and the web, within the finger's skin.
        const first = SKELETON.get(bones[0]!)!;
        const axis = first.tail.map((v, k) => v - first.head[k]!);
        const len = Math.hypot(...axis);
        let count = 0;
        let own = 0;
        for (let i = 0; i < pos.length / 3; i++) {
          const p = [pos[3 * i]!, pos[3 * i + 1]!, pos[3 * i + 2]!];
          const along = axis.reduce((s, a, k) => s + a * (p[k]! - first.head[k]!), 0) / len;
          if (along < len * (finger === 'Thumb' ? 0.6 : 0.5)) continue;
          const near = bones.some((b) => {
            const s = SKELETON.get(b)!;
            return segmentDistance(p, s.head, s.tail) < FINGER_RADII[finger]![0] + 0.0025;
          });
          if (!near) continue;
          count++;
          let w = 0;
          for (let k = 0; k < 4; k++) if (ids.has(joints[4 * i + k]!)) w += weights[4 * i + k]!;
          if (w >= 0.8 * 255) own++;
        }
        expect(count, `${side} ${finger}`).toBeGreaterThan(50);
        expect(own / count, `${side} ${finger}`).toBeGreaterThan(0.97);
      }
    }
    expect(FINGER_LAYOUT.Index.lengths[0]).toBeCloseTo(0.04);
  });
});

function segmentDistance(p: number[], a: readonly number[], b: readonly number[]): number {
  const ab = b.map((v, k) => v - a[k]!);
  const ap = p.map((v, k) => v - a[k]!);
  const t = Math.min(
    1,
    Math.max(0, ab.reduce((s, v, k) => s + v * ap[k]!, 0) / ab.reduce((s, v) => s + v * v, 0)),
  );
  return Math.hypot(...ap.map((v, k) => v - ab[k]! * t));
}
