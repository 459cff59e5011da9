// The parent's side of the import process protocol (protocol.ts): one job per process. Used by the
// main process (with Electron's utilityProcess), and by tests and the benchmark (with Node's
// child_process.fork, node-child.ts). Plain Node, no electron import.
import type { ImportProgress } from '../../common/host-api';
import { ImportCancelled } from '../../workers/import/source-reader';
import type { ImportJob, ImportJobResult, ImportProcessRequest } from './protocol';

/** What both Electron's UtilityProcess and the Node adapter offer. */
export interface ImportChildLike {
  postMessage(message: ImportProcessRequest): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  kill(): boolean;
}

export interface ImportProcessOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting sends `cancel` (DuckDB is interrupted); the process is killed if it has not answered in `cancelGraceMs`. */
  signal?: AbortSignal;
  cancelGraceMs?: number;
}

/** Shown when the process died without answering (crash, memory exhausted, killed by the system). */
export const crashedMessage = (code: number | null) =>
  `Le processus d’import s’est arrêté de façon inattendue${code === null ? '' : ` (code ${code})`} : les paquets existants sont inchangés. ` +
  'Relancez l’import ; si cela se reproduit, importez moins de fichiers à la fois (la mémoire a pu manquer).';

/**
 * Runs `job` in `child`: waits for `ready`, sends the job, forwards progress, and resolves with the
 * process's result (never rejects). The child is killed once the result is in: each import gets a
 * fresh process, whose memory goes back to the system at the end.
 */
export function runInImportProcess(child: ImportChildLike, job: ImportJob, options: ImportProcessOptions = {}): Promise<ImportJobResult> {
  const { signal, onProgress, cancelGraceMs = 10_000 } = options;
  return new Promise((resolve) => {
    let settled = false;
    let sent = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const cancelled = (): ImportJobResult => ({ ok: false, cancelled: true, message: new ImportCancelled().message });
    const settle = (result: ImportJobResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      child.kill();
      resolve(result);
    };
    const post = (message: ImportProcessRequest) => {
      try {
        child.postMessage(message);
      } catch {
        // The process is already gone: its 'exit' settles.
      }
    };
    function onAbort() {
      // Before the job was sent there is nothing to interrupt.
      if (!sent) return settle(cancelled());
      post({ type: 'cancel' });
      killTimer = setTimeout(() => settle(cancelled()), cancelGraceMs);
    }
    child.on('message', (message) => {
      const m = message as { type?: string } | null;
      if (m?.type === 'ready' && !sent && !settled) {
        sent = true;
        post(job);
      } else if (m?.type === 'progress') {
        const { file, bytesRead, bytesTotal, rows } = message as ImportProgress;
        if (!settled) onProgress?.({ file, bytesRead, bytesTotal, rows });
      } else if (m?.type === 'result') {
        const { type: _type, ...result } = message as ImportJobResult & { type: 'result' };
        settle(result as ImportJobResult);
      }
    });
    child.on('exit', (code) => settle(signal?.aborted ? cancelled() : { ok: false, message: crashedMessage(code) }));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
  });
}
