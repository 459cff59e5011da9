// The import process's channel to its parent, whichever started it: Electron's `process.parentPort`
// in a utility process (utilityProcess.fork), Node's IPC (`process.send`) under child_process.fork in
// tests and benchmarks. `serve` answers jobs on it, one at a time.
import { processRequestSchema, type ImportJob, type ImportJobResult, type ImportProcessMessage } from './protocol';
import type { ProgressListener } from '../../workers/import/source-reader';

export interface ParentPortLike {
  onMessage(listener: (message: unknown) => void): void;
  postMessage(message: ImportProcessMessage): void;
}

/** The part of Electron's ParentPort used here (typed locally: this module never imports electron). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

interface ProcessLike {
  parentPort?: ElectronParentPort;
  send?: (message: unknown) => boolean;
  on(event: 'message' | 'disconnect', listener: (...args: unknown[]) => void): unknown;
  exit(code?: number): never;
}

/** The parent's channel: Electron's parentPort, else Node's IPC; throws when started without either. */
export function openParentPort(proc: ProcessLike = process as unknown as ProcessLike): ParentPortLike {
  const electron = proc.parentPort;
  if (electron) {
    return {
      onMessage: (listener) => electron.on('message', (event) => listener(event.data)),
      postMessage: (message) => electron.postMessage(message),
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    // The parent is gone (crashed or killed): nothing would read our result, stop DuckDB with us.
    proc.on('disconnect', () => proc.exit(0));
    return { onMessage: (listener) => proc.on('message', listener), postMessage: (message) => void send(message) };
  }
  throw new Error('Processus d’import lancé sans canal vers son parent (utilityProcess.fork ou child_process.fork attendu).');
}

export type JobRunner = (job: ImportJob, options: { signal: AbortSignal; onProgress: ProgressListener }) => Promise<ImportJobResult>;

/**
 * Answers on `port`: `ready` at once, then for each `import` job its `progress` messages and one
 * `result`; `cancel` aborts the running job (DuckDB is interrupted). A second job while one runs, or a
 * malformed message, is answered by a failed result rather than ignored.
 */
export function serve(port: ParentPortLike, run: JobRunner): void {
  let running: AbortController | undefined;
  port.onMessage((message) => {
    const parsed = processRequestSchema.safeParse(message);
    if (!parsed.success) {
      port.postMessage({ type: 'result', ok: false, message: 'Demande d’import illisible (message mal formé) : relancez l’import.' });
      return;
    }
    const request = parsed.data;
    if (request.type === 'cancel') {
      running?.abort();
      return;
    }
    if (running) {
      port.postMessage({ type: 'result', ok: false, message: 'Un import est déjà en cours : attendez sa fin ou annulez-le.' });
      return;
    }
    const controller = new AbortController();
    running = controller;
    void run(request, { signal: controller.signal, onProgress: (event) => port.postMessage({ type: 'progress', ...event }) })
      .catch((error: unknown): ImportJobResult => ({ ok: false, message: `Import impossible : ${(error as Error)?.message ?? String(error)}.` }))
      .then((result) => {
        running = undefined;
        port.postMessage({ type: 'result', ...result });
      });
  });
  port.postMessage({ type: 'ready' });
}
