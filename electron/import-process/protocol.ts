// Messages between the main process and the import process (electron/import-process/index.ts).
// Main → process: one `import` job, then possibly `cancel`. Process → main: `ready` once it listens,
// `progress` while DuckDB reads a file, then exactly one `result`. Plain JSON-able objects: they
// travel through Electron's parentPort or Node's child_process IPC alike.
import { z } from 'zod';
import type { ImportProgress } from '../../common/host-api';
import type { ImportReport, SourceKind } from '../../common/pack';

/** Every kind of national file the import knows (common/pack.ts SourceKind). */
export const IMPORT_KINDS = ['damir', 'rpps', 'population', 'zonages', 'grille-perso', 'temps', 'finess', 'bpe', 'geometrie', 'cartosante', 'pathologies', 'projections'] as const satisfies readonly SourceKind[];

/** Kinds read from several files at once (months, RPPS extractions, zoning tables); the others take one. */
export const MULTI_FILE_KINDS: readonly SourceKind[] = ['damir', 'rpps', 'zonages'];

const absolutePath = z.string().min(1).max(4096);

/** An import job: absolute paths only, resolved and checked by the main process. */
export const importJobSchema = z.strictObject({
  type: z.literal('import'),
  /** Identity of the resulting pack (its folder name) and its label. */
  id: z.string().min(1).max(100),
  label: z.string().min(1).max(200),
  /** Absolute paths of the national files, by kind. */
  files: z.partialRecord(z.enum(IMPORT_KINDS), z.array(absolutePath).min(1).max(200)),
  /** Folder of the pack the import starts from (the reference pack, or the pack being updated). */
  basePack: absolutePath,
  /** Folder of the reference tables (specialties, baskets, regions: resources/generated/reference). */
  referenceTables: absolutePath,
  /** Folder written on success only, atomically (replaces `basePack` when updating). */
  target: absolutePath,
  /** DuckDB threads; all cores when absent. */
  threads: z.number().int().min(1).max(256).optional(),
});

export type ImportJob = z.infer<typeof importJobSchema>;

export const processRequestSchema = z.discriminatedUnion('type', [importJobSchema, z.strictObject({ type: z.literal('cancel') })]);

export type ImportProcessRequest = z.infer<typeof processRequestSchema>;

/** What the import gives back (the outcome the renderer shows), without the message type. */
export type ImportJobResult =
  | { ok: true; packId: string; reports: ImportReport[]; warnings: string[] }
  | { ok: false; message: string; cancelled?: boolean };

export type ImportProcessMessage = { type: 'ready' } | ({ type: 'progress' } & ImportProgress) | ({ type: 'result' } & ImportJobResult);
