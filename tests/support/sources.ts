// In-memory import sources and reference tables for importer tests.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ImportSource } from '../../workers/import/source-reader';

export const referenceDir = resolve(import.meta.dirname, '..', '..', 'resources', 'generated', 'reference');
export const readReference = async (name: string) => new Uint8Array(readFileSync(join(referenceDir, name)));

/** Bytes served in small blocks, so that chunk and line boundaries fall anywhere. */
export function memorySource(name: string, bytes: Uint8Array, block = 4096): ImportSource {
  return {
    name,
    size: bytes.length,
    async *stream() {
      for (let offset = 0; offset < bytes.length; offset += block) yield bytes.subarray(offset, offset + block);
    },
  };
}

export const textSource = (name: string, text: string, options: { gzip?: boolean; block?: number } = {}) => {
  const bytes = new TextEncoder().encode(text);
  return memorySource(name, options.gzip ? new Uint8Array(gzipSync(bytes)) : bytes, options.block);
};
