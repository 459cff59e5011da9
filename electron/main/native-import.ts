// The desktop import, main-process side: checks the renderer's request (files by absolute path, the
// pack to write, the pack to start from), starts one import process per import (Electron's
// utilityProcess in the app, injected as `fork`), forwards its progress, and puts the packs folder
// back in order if the process died mid-write. Pure Node: tested with Node's child_process.fork.
import { isAbsolute } from 'node:path';
import { statSync } from 'node:fs';
import type { ImportOutcome, ImportProgress, ImportTarget } from '../../common/host-api';
import type { SourceKind } from '../../common/pack';
import { runInImportProcess, type ImportChildLike } from '../import-process/client';
import type { ImportJob } from '../import-process/protocol';
import { HostError } from './host-error';
import { NEW_PACK_ID_PATTERN, type PackFolders } from './pack-folders';

export interface NativeImportFile {
  /** Absolute path on disk, as the preload got it from the dropped or chosen file. */
  path: string;
  kind: SourceKind;
}

export interface NativeImportsOptions {
  /** Starts a fresh import process. */
  fork(): ImportChildLike;
  packs: PackFolders;
  /** Folder of the reference tables (specialties, baskets, regions). */
  referenceTables: string;
  onProgress(progress: ImportProgress): void;
  cancelGraceMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export class NativeImports {
  private running: AbortController | undefined;

  constructor(private readonly options: NativeImportsOptions) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Imports `files` into the pack `target.id`, starting from `target.baseId`. Resolves with the
   * outcome (a French message when refused or cancelled); HostError only when another import runs.
   */
  async run(files: NativeImportFile[], target: ImportTarget): Promise<ImportOutcome> {
    if (this.running) throw new HostError('Un import est déjà en cours : attendez sa fin ou annulez-le.');
    const { packs } = this.options;
    if (packs.isBuiltIn(target.id)) return { ok: false, message: 'Les paquets intégrés ne sont jamais modifiés : choisissez un autre nom.' };
    if (!NEW_PACK_ID_PATTERN.test(target.id)) return { ok: false, message: `Nom de paquet « ${target.id} » invalide : lettres minuscules, chiffres et tirets (40 au plus).` };
    const byKind: ImportJob['files'] = {};
    for (const { path, kind } of files) {
      let isFile = false;
      try {
        isFile = isAbsolute(path) && statSync(path).isFile();
      } catch {
        // Missing or unreadable: said below.
      }
      if (!isFile) return { ok: false, message: `Fichier « ${fileName(path)} » introuvable ou illisible (déplacé, supprimé, ou dossier ?) : ajoutez-le de nouveau à la liste.` };
      (byKind[kind] ??= []).push(path);
    }
    let job: ImportJob;
    try {
      job = {
        type: 'import',
        id: target.id,
        label: target.label,
        files: byKind,
        basePack: packs.basePack(target.baseId),
        referenceTables: this.options.referenceTables,
        target: packs.folder(target.id),
      };
    } catch (error) {
      if (error instanceof HostError) return { ok: false, message: error.message };
      throw error;
    }
    const controller = new AbortController();
    this.running = controller;
    try {
      let child: ImportChildLike;
      try {
        child = this.options.fork();
      } catch (error) {
        this.options.log?.('Processus d’import impossible à lancer.', error);
        return { ok: false, message: 'Impossible de lancer le processus d’import : relancez l’application. Les paquets existants sont inchangés.' };
      }
      const result = await runInImportProcess(child, job, { signal: controller.signal, onProgress: this.options.onProgress, cancelGraceMs: this.options.cancelGraceMs });
      if (!result.ok) packs.recover(target.id);
      return result;
    } finally {
      this.running = undefined;
    }
  }

  /** Interrupts the running import, if any (its outcome then says « annulé »). */
  cancel(): void {
    this.running?.abort();
  }
}
