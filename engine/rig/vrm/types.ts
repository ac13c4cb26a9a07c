/**
 * The shapes the VRM reader hands out: a renderer-neutral rig description in VRM 1.0 terms. Kept
 * apart from the readers so adapters can depend on the data without the parsing code.
 */

import type { HumanBoneName } from '../bones.ts';
import type { VrmPresetExpression } from '../expressions.ts';
import type { FirstPersonType, MaterialColorType } from '../vrm0-mapping.ts';

/** Where a humanoid bone lives in the glTF: bind by `node` (index); `nodeName` is for display. */
export interface HumanBoneBinding {
  /** glTF node index. */
  readonly node: number;
  /** The glTF node's `name`, or `''` when it has none. */
  readonly nodeName: string;
}

/** How an expression suppresses the blink, look-at or mouth expressions while it is active. */
export type ExpressionOverride = 'none' | 'block' | 'blend';

/**
 * One morph target driven by an expression. `weight` is 0..1 (0.x's 0..100 is converted).
 * `nodes` lists every node that instantiates `mesh` (1.0 binds name one node; 0.x binds name a
 * mesh, which any number of nodes may use).
 */
export interface MorphTargetBind {
  readonly mesh: number;
  readonly nodes: readonly number[];
  readonly index: number;
  readonly weight: number;
}

/** A material colour an expression moves towards (RGBA, as written in the file). */
export interface MaterialColorBind {
  readonly material: number;
  readonly type: MaterialColorType;
  readonly targetValue: readonly [number, number, number, number];
}

/** A texture transform an expression moves towards (glTF UV convention, origin top-left). */
export interface TextureTransformBind {
  readonly material: number;
  readonly scale: readonly [number, number];
  readonly offset: readonly [number, number];
}

/** One expression of the avatar, in VRM 1.0 terms, ready to bind to a capsule channel. */
export interface ExpressionDescription {
  /**
   * The capsule channel name: a VRM 1.0 preset (`happy`, `aa`, …) or `custom:<name>` matching
   * `CUSTOM_EXPRESSION_PATTERN` (custom names that do not fit are sanitised, with a warning).
   */
  readonly name: string;
  /** The name as the file writes it (1.0 key, 0.x group name), for display. */
  readonly sourceName: string;
  /** The VRM 1.0 preset this is, or null for a custom expression. */
  readonly preset: VrmPresetExpression | null;
  readonly isBinary: boolean;
  readonly overrideBlink: ExpressionOverride;
  readonly overrideLookAt: ExpressionOverride;
  readonly overrideMouth: ExpressionOverride;
  readonly morphTargetBinds: readonly MorphTargetBind[];
  readonly materialColorBinds: readonly MaterialColorBind[];
  readonly textureTransformBinds: readonly TextureTransformBind[];
}

/** Maps a look-at angle (degrees, up to `inputMaxValue`) to a bone angle or expression weight. */
export interface LookAtRangeMap {
  readonly inputMaxValue: number;
  readonly outputScale: number;
}

/** How the eyes follow a target: by eye bones or by lookUp/Down/Left/Right expressions. */
export interface LookAtDescription {
  readonly type: 'bone' | 'expression';
  /** Eye position relative to the head bone, in the head node's glTF space, metres. */
  readonly offsetFromHeadBone: readonly [number, number, number];
  readonly rangeMapHorizontalInner: LookAtRangeMap;
  readonly rangeMapHorizontalOuter: LookAtRangeMap;
  readonly rangeMapVerticalDown: LookAtRangeMap;
  readonly rangeMapVerticalUp: LookAtRangeMap;
}

/** Which camera sees a mesh node in first-person (VR) views. */
export interface FirstPersonAnnotation {
  readonly node: number;
  readonly type: FirstPersonType;
}

/** Who made the avatar and on what terms; a viewer shows this before anyone performs with it. */
export interface RigMeta {
  /** 1.0 `name`, 0.x `title`. */
  readonly name: string | null;
  readonly version: string | null;
  /** 1.0 `authors`, 0.x `author` as a one-element list. */
  readonly authors: readonly string[];
  readonly copyrightInformation: string | null;
  readonly contactInformation: string | null;
  /** 1.0 `references`, 0.x `reference` as a one-element list. */
  readonly references: readonly string[];
  /** glTF image index of the thumbnail (0.x's texture index is resolved to its image). */
  readonly thumbnailImage: number | null;
  /** 0.x `licenseName` (e.g. `CC_BY`); null for 1.0, whose licence is `licenseUrl`. */
  readonly licenseName: string | null;
  /** 1.0 `licenseUrl`, 0.x `otherLicenseUrl`. */
  readonly licenseUrl: string | null;
  /** The licence and permission fields exactly as present in the file (names differ 0.x vs 1.0). */
  readonly permissions: Readonly<Record<string, string | boolean>>;
}

/**
 * The renderer-neutral description of a VRM avatar's rig: everything the engine and a renderer
 * loader extension need to bind capsule channels (bones, expressions, look-at) to the avatar.
 */
export interface RigDescription {
  readonly file: string;
  /** Which VRM extension was read. */
  readonly specVersion: '1.0' | '0.x';
  /** The spec version string exactly as the file writes it (`'1.0'`, `'1.0-beta'`, `'0.0'`), or `''`. */
  readonly sourceSpecVersion: string;
  /** 0.x `exporterVersion`, else glTF `asset.generator`; null when neither is present. */
  readonly generator: string | null;
  /** Direction the avatar faces in the file: VRM 0.x models face −Z and are turned by adapters. */
  readonly forward: '+z' | '-z';
  readonly meta: RigMeta;
  /** VRM 1.0 bone name → node, for the bones the file maps (0.x names already translated). */
  readonly humanBones: Readonly<Partial<Record<HumanBoneName, HumanBoneBinding>>>;
  /** Bones VRM requires that the file does not map, in skeleton order. */
  readonly missingRequiredBones: readonly HumanBoneName[];
  readonly expressions: readonly ExpressionDescription[];
  /** Null when the file has no look-at section. */
  readonly lookAt: LookAtDescription | null;
  readonly firstPersonAnnotations: readonly FirstPersonAnnotation[];
  /** Problems that did not stop the read, each prefixed with its JSON pointer or byte offset. */
  readonly warnings: readonly string[];
}

/** What one VRM extension reader produces; the caller adds the file name and the warnings. */
export type ExtensionRig = Omit<RigDescription, 'file' | 'warnings'>;
