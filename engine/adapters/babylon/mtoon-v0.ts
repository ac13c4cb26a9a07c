/**
 * VRM 0.x keeps MToon parameters as Unity shader properties in `extensions.VRM.materialProperties`
 * (one entry per glTF material, by index). Like three-vrm's `VRMMaterialsV0CompatPlugin`, this
 * rewrites each `VRM/MToon` material in place as a glTF material with `VRMC_materials_mtoon`, so one
 * code path renders both versions: 0.x colours are gamma (converted with exponent 2.2), the shading
 * pair is remapped (toony' = lerp(toony, 1, ½ + ½·shift), shift' = −shift − (1 − toony')), the
 * vertical UV scroll flips, and `_MainTex`'s scale/offset becomes KHR_texture_transform.
 * Rim, matcap and outline parameters are not carried over (the toon material does not draw them).
 */
import type { IGLTF } from '@babylonjs/loaders/glTF/2.0/glTFLoaderInterfaces.js';
import { MTOON } from './mtoon.ts';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const gammaToLinear = (v: number): number => Math.pow(v, 2.2);

function numbers(map: unknown, key: string): number[] | null {
  const v = isRecord(map) ? map[key] : undefined;
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))
    ? (v as number[])
    : null;
}

function float(map: unknown, key: string, fallback: number): number {
  const v = isRecord(map) ? map[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function index(map: unknown, key: string): number | null {
  const v = isRecord(map) ? map[key] : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

/** Rewrites the 0.x MToon materials of `gltf`; returns how many were converted. */
export function convertV0MToon(gltf: IGLTF, vrm: Json): number {
  const list = vrm.materialProperties;
  if (!Array.isArray(list)) return 0;
  let converted = 0;
  let transformed = false;
  list.forEach((props: unknown, i) => {
    const material = gltf.materials?.[i];
    if (!material || !isRecord(props) || props.shader !== 'VRM/MToon') return;
    const { floatProperties: f, vectorProperties: v, textureProperties: t, keywordMap: k } = props;
    const st = numbers(v, '_MainTex');
    const transform =
      st && st.length >= 4
        ? { KHR_texture_transform: { offset: [st[0]!, 1 - st[3]! - st[1]!], scale: [st[2]!, st[3]!] } }
        : undefined;
    if (transform) transformed = true;
    const tex = (key: string): { index: number; extensions?: Json } | undefined => {
      const at = index(t, key);
      return at === null ? undefined : { index: at, ...(transform ? { extensions: transform } : {}) };
    };
    const color = numbers(v, '_Color') ?? [1, 1, 1, 1];
    const shade = numbers(v, '_ShadeColor') ?? [0.97, 0.81, 0.86, 1];
    const emission = numbers(v, '_EmissionColor') ?? [0, 0, 0];
    const shift = float(f, '_ShadeShift', 0);
    const toony = float(f, '_ShadeToony', 0.9);
    const toony1 = toony + (1 - toony) * (0.5 + 0.5 * shift);
    const blend = isRecord(k) && k._ALPHABLEND_ON === true;
    const cutoff = isRecord(k) && k._ALPHATEST_ON === true;

    const m = material as unknown as Json;
    m.pbrMetallicRoughness = {
      baseColorFactor: [...color.slice(0, 3).map(gammaToLinear), color[3] ?? 1],
      ...(tex('_MainTex') ? { baseColorTexture: tex('_MainTex')! } : {}),
    };
    m.emissiveFactor = emission.slice(0, 3).map(gammaToLinear);
    const emissiveTexture = tex('_EmissionMap');
    if (emissiveTexture) m.emissiveTexture = emissiveTexture;
    else delete m.emissiveTexture;
    const normal = tex('_BumpMap');
    if (normal) m.normalTexture = { ...normal, scale: float(f, '_BumpScale', 1) };
    else delete m.normalTexture;
    m.alphaMode = blend ? 'BLEND' : cutoff ? 'MASK' : 'OPAQUE';
    m.alphaCutoff = cutoff ? float(f, '_Cutoff', 0.5) : undefined;
    m.doubleSided = float(f, '_CullMode', 2) === 0;
    m.extensions = {
      ...(isRecord(m.extensions) ? m.extensions : {}),
      [MTOON]: {
        specVersion: '1.0',
        shadeColorFactor: shade.slice(0, 3).map(gammaToLinear),
        ...(tex('_ShadeTexture') ? { shadeMultiplyTexture: tex('_ShadeTexture') } : {}),
        shadingToonyFactor: toony1,
        shadingShiftFactor: -shift - (1 - toony1),
        uvAnimationScrollXSpeedFactor: float(f, '_UvAnimScrollX', 0),
        uvAnimationScrollYSpeedFactor: -float(f, '_UvAnimScrollY', 0),
        uvAnimationRotationSpeedFactor: float(f, '_UvAnimRotation', 0),
      },
    };
    converted++;
  });
  if (transformed) {
    gltf.extensionsUsed ??= [];
    if (!gltf.extensionsUsed.includes('KHR_texture_transform'))
      gltf.extensionsUsed.push('KHR_texture_transform');
  }
  return converted;
}
