// Every IPC handler of the host API: the sender frame is checked (only our app:// top frame), the
// arguments are validated with a strict zod schema (types, no extra field, bounded sizes), and the
// answer is an envelope that the preload unwraps. A compromised renderer can therefore only call these
// methods with well-formed arguments, and can name files only by ids the main process handed out.
// Pure (no electron import): tested in Node with a fake ipcMain.
import { z } from 'zod';
import { HOST_CHANNELS, type HostApi, type ImportOutcome, type ImportTarget, type OpenedScenarioFile } from '../../common/host-api';
import { IMPORT_KINDS } from '../import-process/protocol';
import { HostError } from './host-error';
import { isTrustedSenderFrame, type SenderFrameLike } from './ipc-guard';
import type { NativeImportFile } from './native-import';
import { NEW_PACK_ID_PATTERN, PACK_FILE_PATTERN, PACK_ID_PATTERN } from './pack-folders';

/** Longest scenario text accepted (characters): real scenarios weigh a few kilobytes. */
export const MAX_SCENARIO_TEXT_LENGTH = 5_000_000;
/** File ids are handed out by the main process (UUIDs); anything else is refused before any lookup. */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const fileId = z.string().regex(FILE_ID_PATTERN, { error: 'identifiant de fichier invalide' });
const scenarioText = z.string().max(MAX_SCENARIO_TEXT_LENGTH, { error: `texte de plus de ${MAX_SCENARIO_TEXT_LENGTH} caractères` });
const packId = z.string().regex(PACK_ID_PATTERN, { error: 'identifiant de paquet invalide' });
const packFile = z.string().regex(PACK_FILE_PATTERN, { error: 'nom de fichier de paquet invalide' });
/** Most files one import takes (a care year is 18 Open DAMIR months, plus a few other sources). */
export const MAX_IMPORT_FILES = 200;

/**
 * What the main process implements for each channel. Same as HostApi, except the open-file-request
 * channel: the preload turns its pulls into the listener of HostApi.onOpenFileRequest.
 */
export type HostServices = Omit<Required<HostApi>, 'onOpenFileRequest' | 'importFiles'> & {
  onOpenFileRequest(): Promise<OpenedScenarioFile[]>;
  /** The preload sends paths (from webUtils.getPathForFile) and gets progress as HOST_EVENTS.importProgress. */
  importFiles(files: NativeImportFile[], target: ImportTarget): Promise<ImportOutcome>;
};

/** Arguments of each channel, as the tuple ipcRenderer.invoke sends (z.tuple refuses extra elements). */
export const HOST_ARGUMENT_SCHEMAS = {
  getAppInfo: z.tuple([]),
  openScenarioFile: z.tuple([]),
  openRecentScenarioFile: z.tuple([fileId]),
  readScenarioBackup: z.tuple([fileId]),
  saveScenarioFile: z.tuple([
    z.strictObject({
      id: fileId.optional(),
      saveAs: z.boolean().optional(),
      // Only a default name for the save dialog; sanitised again before use.
      suggestedName: z.string().min(1).max(255),
      text: scenarioText,
    }),
  ]),
  recentScenarioFiles: z.tuple([]),
  autosave: z.tuple([scenarioText]),
  readAutosave: z.tuple([]),
  onOpenFileRequest: z.tuple([]),
  packsFolder: z.tuple([]),
  openPacksFolder: z.tuple([]),
  listPacks: z.tuple([]),
  readPackFile: z.tuple([packId, packFile]),
  deletePack: z.tuple([packId]),
  importFiles: z.tuple([
    z
      .array(z.strictObject({ path: z.string().min(1).max(4096), kind: z.enum(IMPORT_KINDS) }))
      .min(1)
      .max(MAX_IMPORT_FILES),
    z.strictObject({
      id: z.string().regex(NEW_PACK_ID_PATTERN, { error: 'nom de paquet invalide' }),
      label: z.string().min(1).max(200),
      baseId: packId,
    }),
  ]),
  cancelImport: z.tuple([]),
} satisfies { [K in keyof HostServices]: z.ZodType<Parameters<HostServices[K]>> };

export type IpcResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface IpcEventLike {
  senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<IpcResult<unknown>>): void;
}

export type Log = (message: string, detail?: unknown) => void;

export const UNTRUSTED_SENDER_MESSAGE = 'Expéditeur IPC non autorisé.';

// French messages for this parse only (z.config would change every zod user of the process).
const frenchErrors = z.locales.fr().localeError;

const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? `argument ${issue.path.join('.')} : ` : ''}${issue.message}`)
    .join(' ; ');

/**
 * Registers `handler` on `channel` behind the sender check and the schema. The handler's HostError
 * messages reach the user; other errors are logged and reported without their details (they may
 * contain paths or internals).
 */
export function handleValidated<A extends unknown[], R>(
  ipc: IpcMainLike,
  channel: string,
  schema: z.ZodType<A>,
  handler: (...args: A) => R | Promise<R>,
  log: Log = console.warn,
): void {
  ipc.handle(channel, async (event, ...args): Promise<IpcResult<R>> => {
    if (!isTrustedSenderFrame(event?.senderFrame)) {
      log(`IPC refusée sur ${channel} : expéditeur non autorisé (${String(event?.senderFrame?.url).slice(0, 200)}).`);
      return { ok: false, message: UNTRUSTED_SENDER_MESSAGE };
    }
    const parsed = schema.safeParse(args, { error: frenchErrors });
    if (!parsed.success) {
      const message = `Requête refusée (${channel}) : ${describeIssues(parsed.error)}.`;
      log(message);
      return { ok: false, message };
    }
    try {
      return { ok: true, value: await handler(...parsed.data) };
    } catch (error) {
      if (error instanceof HostError) return { ok: false, message: error.message };
      log(`Erreur inattendue sur ${channel}.`, error);
      return { ok: false, message: 'Erreur inattendue de l’application (détails dans le journal).' };
    }
  });
}

/** One validated handler per HostApi method (every key of HOST_CHANNELS, nothing else). */
export function registerHostHandlers(ipc: IpcMainLike, services: HostServices, log?: Log): void {
  for (const key of Object.keys(HOST_CHANNELS) as (keyof HostServices)[]) {
    const method = services[key] as (...args: unknown[]) => unknown;
    handleValidated(ipc, HOST_CHANNELS[key], HOST_ARGUMENT_SCHEMAS[key] as z.ZodType<unknown[]>, (...args) => method.apply(services, args), log);
  }
}
