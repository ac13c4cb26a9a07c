/**
 * Just enough DOM for three.js's GLTFLoader and @pixiv/three-vrm to load a VRM in plain Node:
 * `self` (GLTFLoader reads `self.URL`) and a `document.createElementNS` whose `img` fires `load`
 * once the embedded image's header is read. `createImageBitmap` is left absent on purpose, so
 * GLTFLoader takes its TextureLoader path. Nothing is decoded or uploaded: textures carry the
 * image's size and no pixels, which is all loading, expression binds and pose tests need.
 * Imported only by tests that load VRM files; the engine never depends on it.
 */
import { resolveObjectURL } from 'node:buffer';

/** Reads width and height from PNG, JPEG, GIF or WebP header bytes; 1×1 when unrecognised. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, n: number): string => String.fromCharCode(...bytes.subarray(at, at + n));
  if (bytes.length >= 24 && ascii(1, 3) === 'PNG')
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length >= 10 && ascii(0, 3) === 'GIF')
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (bytes.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const kind = ascii(12, 4);
    if (kind === 'VP8X')
      return {
        width: 1 + (view.getUint32(24, true) & 0xffffff),
        height: 1 + (view.getUint32(27, true) & 0xffffff),
      };
    if (kind === 'VP8 ')
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    if (kind === 'VP8L') {
      const b = view.getUint32(21, true);
      return { width: 1 + (b & 0x3fff), height: 1 + ((b >>> 14) & 0x3fff) };
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1]!;
      const length = view.getUint16(at + 2);
      const isFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      at += 2 + length;
    }
  }
  return { width: 1, height: 1 };
}

async function bytesOf(url: string): Promise<Uint8Array> {
  if (url.startsWith('blob:')) {
    const blob = resolveObjectURL(url);
    if (!blob) throw new Error(`dom-shim: unknown object URL ${url}`);
    return new Uint8Array(await blob.arrayBuffer());
  }
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = url.slice(5, comma);
    const body = url.slice(comma + 1);
    return meta.endsWith(';base64')
      ? new Uint8Array(Buffer.from(body, 'base64'))
      : new TextEncoder().encode(decodeURIComponent(body));
  }
  throw new Error(`dom-shim: only blob: and data: images load in Node, not ${url.slice(0, 40)}`);
}

/** An `<img>` stand-in: setting `src` reads the header, sets the size, then fires `load` or `error`. */
export class ShimImage extends EventTarget {
  width = 0;
  height = 0;
  naturalWidth = 0;
  naturalHeight = 0;
  complete = false;
  crossOrigin: string | null = null;
  fetchPriority = 'auto';
  readonly style: Record<string, string> = {};
  #src = '';

  get src(): string {
    return this.#src;
  }

  set src(url: string) {
    this.#src = url;
    bytesOf(url).then(
      (bytes) => {
        const { width, height } = imageSize(bytes);
        this.width = this.naturalWidth = width;
        this.height = this.naturalHeight = height;
        this.complete = true;
        this.dispatchEvent(new Event('load'));
      },
      (error: unknown) => {
        this.complete = true;
        const event = new Event('error');
        Object.defineProperty(event, 'error', { value: error });
        this.dispatchEvent(event);
      },
    );
  }

  decode(): Promise<void> {
    return Promise.resolve();
  }
}

/** Any other element three.js may ask for (a canvas): inert, with no 2D or WebGL context. */
class ShimElement extends EventTarget {
  readonly style: Record<string, string> = {};
  width = 0;
  height = 0;
  getContext(): null {
    return null;
  }
}

/**
 * Installs the shim on `globalThis` where the names are free; safe to call more than once and a
 * no-op in a real browser or under jsdom, whose `document` is left alone.
 */
export function installDomShim(): void {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis;
  g.document ??= {
    createElementNS: (_ns: string, name: string): EventTarget =>
      name === 'img' ? new ShimImage() : new ShimElement(),
    createElement: (name: string): EventTarget => (name === 'img' ? new ShimImage() : new ShimElement()),
  };
}
