/**
 * glTF-Transform extensions that write the VRM 1.0 JSON: `VRMC_vrm` on the root and
 * `VRMC_materials_mtoon` on materials. They only write (the generator never reads VRM back
 * through glTF-Transform); node and material indices are resolved at write time, when
 * glTF-Transform has numbered them.
 */
import {
  Extension,
  type Material,
  type Node,
  type ReaderContext,
  type WriterContext,
} from '@gltf-transform/core';

/** Resolves the generator's objects to the indices glTF-Transform assigned in this write. */
export interface IndexLookup {
  node(n: Node): number;
}

/** Writes `extensions.VRMC_vrm` from a builder run at write time. */
export class VrmcVrmExtension extends Extension {
  static override readonly EXTENSION_NAME = 'VRMC_vrm';
  override readonly extensionName = 'VRMC_vrm';
  private build: ((lookup: IndexLookup) => Record<string, unknown>) | null = null;

  /** Sets the function that produces the extension object. */
  setBuilder(build: (lookup: IndexLookup) => Record<string, unknown>): this {
    this.build = build;
    return this;
  }

  override read(_context: ReaderContext): this {
    return this;
  }

  override write(context: WriterContext): this {
    if (!this.build) return this;
    const lookup: IndexLookup = {
      node: (n) => {
        const i = context.nodeIndexMap.get(n);
        if (i === undefined) throw new Error('forge-avatar: VRMC_vrm refers to a node that was not written');
        return i;
      },
    };
    const json = context.jsonDoc.json;
    json.extensions = { ...json.extensions, [this.extensionName]: this.build(lookup) };
    return this;
  }
}

/** Writes `VRMC_materials_mtoon` on each registered material. */
export class MtoonExtension extends Extension {
  static override readonly EXTENSION_NAME = 'VRMC_materials_mtoon';
  override readonly extensionName = 'VRMC_materials_mtoon';
  private readonly byMaterial = new Map<Material, Record<string, unknown>>();

  /** Attaches the MToon parameters to a material. */
  setMaterial(material: Material, mtoon: Record<string, unknown>): this {
    this.byMaterial.set(material, mtoon);
    return this;
  }

  override read(_context: ReaderContext): this {
    return this;
  }

  override write(context: WriterContext): this {
    const materials = context.jsonDoc.json.materials ?? [];
    for (const [material, mtoon] of this.byMaterial) {
      const i = context.materialIndexMap.get(material);
      const def = i === undefined ? undefined : materials[i];
      if (!def) throw new Error(`forge-avatar: material ${material.getName()} was not written`);
      def.extensions = { ...def.extensions, [this.extensionName]: mtoon };
    }
    return this;
  }
}
