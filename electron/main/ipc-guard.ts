// Which IPC senders are trusted: only the top frame of our own app:// page. Pure, tested in Node.
import { APP_HOST, APP_SCHEME } from './app-protocol';

export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    // Compare scheme and host: Node reports an opaque origin ("null") for custom schemes.
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
