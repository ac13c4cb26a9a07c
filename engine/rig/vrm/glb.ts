/**
 * The GLB container: header and chunk framing checked before anything is parsed, so a broken or
 * truncated file is reported by byte offset rather than as a confusing JSON or loader error.
 */

import { parseJsonChunk } from './json-chunk.ts';
import { RigReadError } from './rig-error.ts';

const CHUNK_JSON = 0x4e4f534a; // 'JSON'
const CHUNK_BIN = 0x004e4942; // 'BIN\0'
const MAGIC_BYTES = [0x67, 0x6c, 0x54, 0x46]; // 'glTF'

function hex32(v: number): string {
  return `0x${v.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Extracts the glTF JSON from a GLB; throws a RigReadError naming the byte offset of a problem. */
export function readGlbContainer(bytes: Uint8Array, file: string): { json: unknown; warnings: string[] } {
  const fail = (offset: number, detail: string): never => {
    throw new RigReadError(file, { offset }, detail);
  };
  if (!(bytes instanceof Uint8Array)) fail(0, 'input is not a byte array (Uint8Array)');
  const warnings: string[] = [];
  const n = bytes.byteLength;
  if (n === 0) fail(0, 'file is empty, expected a GLB (.vrm/.glb)');

  for (let i = 0; i < Math.min(4, n); i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) {
      const head = Array.from(bytes.subarray(0, Math.min(8, n)), (b) => b.toString(16).padStart(2, '0'));
      const hint = bytes[0] === 0x7b ? ' (this looks like .gltf JSON text; VRM avatars are binary GLB)' : '';
      fail(0, `not a GLB file: expected magic "glTF" (67 6c 54 46), found ${head.join(' ')}${hint}`);
    }
  }
  if (n < 12) fail(n, `file is truncated: it ends inside the 12-byte GLB header (${n} bytes)`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const u32 = (offset: number): number => view.getUint32(offset, true);

  const version = u32(4);
  if (version !== 2) {
    const hint = version === 1 ? ' (glTF 1.0 binary is not supported)' : '';
    fail(4, `GLB version ${version}, expected 2${hint}`);
  }
  const declared = u32(8);
  if (declared > n)
    fail(n, `file is truncated: the header (byte 8) declares ${declared} bytes, file has ${n}`);
  if (declared < 20) {
    fail(8, `header declares a total length of ${declared} bytes, too short for a JSON chunk (20 minimum)`);
  }
  if (declared < n)
    warnings.push(`byte ${declared}: ${n - declared} bytes after the declared end of the GLB ignored`);
  const end = declared;

  const jsonLength = u32(12);
  const jsonType = u32(16);
  if (jsonType !== CHUNK_JSON)
    fail(16, `first chunk has type ${hex32(jsonType)}, expected JSON (${hex32(CHUNK_JSON)})`);
  if (jsonLength === 0) fail(12, 'JSON chunk is empty');
  if (20 + jsonLength > end) {
    fail(
      12,
      `JSON chunk length ${jsonLength} runs past the end of the GLB (would end at byte ${20 + jsonLength}, GLB ends at ${end})`,
    );
  }
  if (jsonLength % 4 !== 0) warnings.push(`byte 12: JSON chunk length ${jsonLength} is not a multiple of 4`);

  // Later chunks: only a truncated BIN chunk is fatal (the renderer could not load the geometry).
  let offset = 20 + jsonLength;
  let sawBin = false;
  while (offset < end) {
    if (end - offset < 8) {
      warnings.push(`byte ${offset}: ${end - offset} stray bytes after the last chunk ignored`);
      break;
    }
    const length = u32(offset);
    const type = u32(offset + 4);
    if (offset + 8 + length > end) {
      if (type === CHUNK_BIN) {
        fail(
          offset,
          `BIN chunk length ${length} runs past the end of the GLB (would end at byte ${offset + 8 + length}, GLB ends at ${end})`,
        );
      }
      warnings.push(`byte ${offset}: chunk of type ${hex32(type)} runs past the end of the GLB; ignored`);
      break;
    }
    if (type === CHUNK_BIN) {
      if (sawBin) warnings.push(`byte ${offset}: second BIN chunk ignored`);
      sawBin = true;
    } else if (type === CHUNK_JSON) {
      warnings.push(`byte ${offset}: second JSON chunk ignored`);
    }
    offset += 8 + length;
  }

  return { json: parseJsonChunk(bytes.subarray(20, 20 + jsonLength), file, warnings), warnings };
}
