// Which IPC senders are trusted: only the top frame of our own app:// page. Pure, tested in Node.
import { APP_ENTRY_URL } from './app-protocol';

export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

const APP_ORIGIN = new URL(APP_ENTRY_URL).origin;

export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
