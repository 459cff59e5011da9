// A binary container for a JSON document whose leaves may be typed arrays: the JSON part is parsed,
// each typed array is a view on the file's bytes (no copy, no parsing). Used for the pack's engine
// snapshot (workers/db/engine-snapshot.ts), read on the start-up path where every millisecond shows.
//
// Why not Arrow IPC: the document holds arrays of many lengths (communes, communes × age bands, sites,
// territories of each grid) and nested records; Arrow would need one table per length and a schema per
// table for the same zero-copy read. Why not JSON: 35 000 communes × 7 age bands of float64 would be
// parsed number by number.
//
// Layout (little-endian):
//   bytes 0..7   magic "TSBIN\0\0" + format version (1)
//   bytes 8..11  uint32 length of the JSON header in bytes
//   JSON header  (UTF-8) { kind, document, sections: [{ type, offset, length }] }, zero padding to 8 bytes
//   sections     the typed arrays, each starting on an 8-byte boundary; in the document a typed array is
//                replaced by { "$section": index }
// Platform-free: used in the browser worker, the CLI and the Node import process.

const MAGIC = [0x54, 0x53, 0x42, 0x49, 0x4e, 0x00, 0x00, 0x01] as const;

const TYPES = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint16Array, Uint8Array } as const;
type TypeName = keyof typeof TYPES;
type AnyTypedArray = InstanceType<(typeof TYPES)[TypeName]>;

interface Header {
  kind: string;
  document: unknown;
  sections: { type: TypeName; offset: number; length: number }[];
}

export class ContainerFormatError extends Error {}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function typeNameOf(value: unknown): TypeName | null {
  for (const name of Object.keys(TYPES) as TypeName[]) if (value instanceof TYPES[name]) return name;
  return null;
}

/**
 * Encodes `document` (plain objects, arrays, strings, numbers, booleans, null, typed arrays of TYPES)
 * under a `kind` the reader checks. Deterministic: the same document gives the same bytes. NaN and
 * infinities are allowed only inside typed arrays (JSON has no way to write them).
 */
export function encodeContainer(kind: string, document: unknown): Uint8Array {
  const arrays: AnyTypedArray[] = [];
  const sections: Header['sections'] = [];
  let offset = 0;
  const replace = (value: unknown): unknown => {
    const type = typeNameOf(value);
    if (type) {
      const array = value as AnyTypedArray;
      sections.push({ type, offset, length: array.length });
      arrays.push(array);
      offset = align8(offset + array.byteLength);
      return { $section: sections.length - 1 };
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  const header: Header = { kind, document: replace(document), sections };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(12 + json.length);
  const bytes = new Uint8Array(dataStart + offset);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  sections.forEach((section, i) => bytes.set(new Uint8Array(arrays[i].buffer, arrays[i].byteOffset, arrays[i].byteLength), dataStart + section.offset));
  return bytes;
}

/**
 * Decodes a container of `kind`. Typed arrays are views on `bytes` (copied first only if `bytes` is
 * not 8-byte aligned). Throws ContainerFormatError when the bytes are not such a container (wrong
 * magic, kind or version, truncated).
 */
export function decodeContainer(kind: string, bytes: Uint8Array): unknown {
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ContainerFormatError('pas un conteneur TSBIN de version 1');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + jsonLength > bytes.length) throw new ContainerFormatError('en-tête tronqué');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch {
    throw new ContainerFormatError('en-tête illisible');
  }
  if (header.kind !== kind) throw new ContainerFormatError(`contenu « ${header.kind} » au lieu de « ${kind} »`);
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const dataStart = aligned.byteOffset + align8(12 + jsonLength);
  const views = header.sections.map(({ type, offset, length }) => {
    const Type = TYPES[type];
    if (!Type || dataStart + offset + length * Type.BYTES_PER_ELEMENT > aligned.byteOffset + aligned.byteLength) throw new ContainerFormatError('section tronquée');
    return new Type(aligned.buffer as ArrayBuffer, dataStart + offset, length);
  });
  const restore = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(restore);
    if (value !== null && typeof value === 'object') {
      const section = (value as { $section?: unknown }).$section;
      if (typeof section === 'number') return views[section];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]));
    }
    return value;
  };
  return restore(header.document);
}
