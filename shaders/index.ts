/**
 * The GLSL chunks shared by both renderer adapters, as strings: the adapters run in Vite pages, in
 * vitest and in plain Node (bench, tools), so they cannot rely on a bundler's `?raw` import. Each
 * string is the text of its `.glsl` file byte for byte; tests/unit/shaders.test.ts fails when they
 * drift (copy the file's text here after editing it).
 */

/** Text of `shaders/sh-irradiance.glsl`: `uniform vec3 capsuleSH[9]` and `capsuleShIrradiance(n)`. */
export const SH_IRRADIANCE_GLSL = `// Capsule Avatar Runtime: L2 spherical-harmonics irradiance (shared by the three.js and Babylon.js
// adapters, injected verbatim). capsuleSH holds 9 RGB coefficients of the IRRADIANCE SH (radiance
// convolved with the cosine lobe and divided by pi), real basis in three.js SphericalHarmonics3
// order; directions are glTF/three.js world space (right-handed, +y up). For a unit normal n,
// capsuleShIrradiance(n) is the diffuse light colour: final diffuse = albedo * that.
uniform vec3 capsuleSH[9];

vec3 capsuleShIrradiance(vec3 worldNormal) {
  vec3 n = normalize(worldNormal);
  vec3 e = capsuleSH[0] * 0.282095;
  e += capsuleSH[1] * (0.488603 * n.y);
  e += capsuleSH[2] * (0.488603 * n.z);
  e += capsuleSH[3] * (0.488603 * n.x);
  e += capsuleSH[4] * (1.092548 * n.x * n.y);
  e += capsuleSH[5] * (1.092548 * n.y * n.z);
  e += capsuleSH[6] * (0.315392 * (3.0 * n.z * n.z - 1.0));
  e += capsuleSH[7] * (1.092548 * n.x * n.z);
  e += capsuleSH[8] * (0.546274 * (n.x * n.x - n.y * n.y));
  return e;
}
`;
