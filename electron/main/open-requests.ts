// Files the operating system asks the app to open: the path after the executable at launch
// (Windows, Linux file association), a second launch forwarded by the single-instance lock, macOS
// 'open-file' events (which may come before the window exists). They wait in a queue until the
// renderer pulls them (HostApi.onOpenFileRequest), so none is lost during start-up. Pure, tested in Node.
import { isAbsolute, resolve } from 'node:path';

/**
 * Scenario paths in an argv: arguments after the executable (and, unpackaged, the app path) that are
 * not switches and name a JSON file, resolved against the launching process's working directory.
 */
export function scenarioPathsFromArgv(argv: readonly string[], packaged: boolean, workingDirectory: string): string[] {
  return argv
    .slice(packaged ? 1 : 2)
    .filter((arg) => !arg.startsWith('-') && /\.json$/i.test(arg))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(workingDirectory, arg)));
}

export class OpenRequests {
  private queue: string[] = [];

  /** `notify` tells the renderer there is something to pull (it may not be listening yet: it pulls on subscribe). */
  constructor(private readonly notify: () => void = () => undefined) {}

  push(path: string): void {
    if (!this.queue.includes(path)) this.queue.push(path);
    this.notify();
  }

  /** The pending paths, oldest first; the queue is emptied so that each file opens once. */
  take(): string[] {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }
}
