// Data packs kept in the browser's origin-private file system (OPFS), in web mode and in the Electron
// renderer. Atomic by construction: a pack version is written in a folder of its own, and only then
// does the index (one small file, replaced atomically by createWritable on close) point to it. A
// failed or cancelled import leaves the index, hence the current packs, untouched.
import type { PackManifest } from '../../common/pack';

export interface StoredPack {
  id: string;
  label: string;
  /** Folder of the current version. */
  folder: string;
  importedAt: string;
  sources: string[];
}

interface Index {
  version: 1;
  packs: StoredPack[];
}

const ROOT = 'territoire-sante-packs';
const INDEX = 'index.json';

async function root(): Promise<FileSystemDirectoryHandle> {
  const storage = await navigator.storage.getDirectory();
  return storage.getDirectoryHandle(ROOT, { create: true });
}

async function readIndex(dir: FileSystemDirectoryHandle): Promise<Index> {
  try {
    const file = await (await dir.getFileHandle(INDEX)).getFile();
    const index = JSON.parse(await file.text()) as Index;
    return index.version === 1 && Array.isArray(index.packs) ? index : { version: 1, packs: [] };
  } catch {
    return { version: 1, packs: [] };
  }
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, content: Uint8Array | string): Promise<void> {
  const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await writable.write(typeof content === 'string' ? content : new Blob([content as BlobPart]));
  await writable.close();
}

export async function listPacks(): Promise<StoredPack[]> {
  return (await readIndex(await root())).packs;
}

/** Saves a pack version, then switches the index to it and removes the previous version. */
export async function savePack(id: string, files: Map<string, Uint8Array>, manifest: PackManifest): Promise<StoredPack> {
  const dir = await root();
  const folder = `${id}--${Date.now().toString(36)}`;
  const target = await dir.getDirectoryHandle(folder, { create: true });
  try {
    for (const [name, content] of files) await writeFile(target, name, content);
  } catch (error) {
    await dir.removeEntry(folder, { recursive: true }).catch(() => undefined);
    throw error;
  }
  const index = await readIndex(dir);
  const previous = index.packs.find((p) => p.id === id);
  const stored: StoredPack = {
    id,
    label: manifest.label,
    folder,
    importedAt: new Date().toISOString(),
    sources: manifest.sources.filter((s) => s.kind !== 'reference').map((s) => s.file),
  };
  index.packs = [...index.packs.filter((p) => p.id !== id), stored].sort((a, b) => a.id.localeCompare(b.id));
  await writeFile(dir, INDEX, JSON.stringify(index, null, 2));
  if (previous) await dir.removeEntry(previous.folder, { recursive: true }).catch(() => undefined);
  return stored;
}

export async function deletePack(id: string): Promise<void> {
  const dir = await root();
  const index = await readIndex(dir);
  const pack = index.packs.find((p) => p.id === id);
  if (!pack) return;
  index.packs = index.packs.filter((p) => p.id !== id);
  await writeFile(dir, INDEX, JSON.stringify(index, null, 2));
  await dir.removeEntry(pack.folder, { recursive: true }).catch(() => undefined);
}

/** A reader of the files of a stored pack (for PackDb and the pack builder). */
export async function storedPackReader(id: string): Promise<(name: string) => Promise<Uint8Array>> {
  const dir = await root();
  const pack = (await readIndex(dir)).packs.find((p) => p.id === id);
  if (!pack) throw new Error(`Paquet « ${id} » introuvable dans le stockage du navigateur.`);
  const folder = await dir.getDirectoryHandle(pack.folder);
  return async (name) => new Uint8Array(await (await (await folder.getFileHandle(name)).getFile()).arrayBuffer());
}
