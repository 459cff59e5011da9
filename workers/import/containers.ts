// What the user gives is often not the data file itself but the form in which it is downloaded: the ANS
// zip of the RPPS extraction, INSEE zips (data CSV plus metadata), INSEE workbooks with title rows and
// one sheet per census. This module finds the data files inside, by content (magic bytes) first and by
// name second, and hands them on as import sources that DuckDB's own CSV reader then reads:
// - text and gzip are returned as they are (DuckDB reads .gz itself);
// - zip members are streamed (fflate `Unzip`, one member inflated, the others skipped without being
//   buffered): the RPPS Personne_activite member is hundreds of MB;
// - the data sheet of a workbook becomes a `;` CSV (read-excel-file), its header row found by its
//   column names, codes kept as text.
// Anything else is refused with a French message saying what the file is and what to do.
// Platform-free: runs in Node (CLI, utility process) and in the browser worker.
import { Inflate, Unzip, unzipSync, zipSync, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { formatCsv, formatPlainNumber } from '../../common/csv';
import type { SourceKind } from '../../common/pack';
import { ImportCancelled, ImportError, readAll, type ImportSource } from './source-reader';

export interface UnpackedSource extends ImportSource {
  /** What was done to reach these bytes (member chosen, members or sheets ignored), in French, for the report. */
  notes?: string[];
}

/** What a file is, from its first bytes. */
export type Content =
  | 'empty' | 'text' | 'html' | 'utf16le' | 'utf16be' | 'gzip' | 'zip' | 'ole2' | 'pdf' | 'png' | 'jpeg' | 'gif' | '7z' | 'rar' | 'shp' | 'binary';

/** Bytes looked at to tell what a file (or a zip member) is. */
const HEAD_BYTES = 16 * 1024;
/** End of an archive kept to read member sizes from its central directory (4.3.16 of PKWARE's APPNOTE). */
const TAIL_BYTES = 4 * 1024 * 1024;
/** Header rows are searched among the first rows of a sheet (INSEE puts 5 to 13 title rows above). */
const MAX_TITLE_ROWS = 200;
/** A zip inside a zip is opened; deeper nesting is refused. */
const MAX_DEPTH = 2;
/** Among candidates that names cannot tell apart, one this many times larger than the others is the data. */
const SIZE_RATIO = 10;
const MAX_LISTED = 12;

/** Magic numbers, in the order they are tested (file signatures published by each format). */
const MAGIC: [Content, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]], // empty archive
  ['zip', [0x50, 0x4b, 0x07, 0x08]], // spanned archive marker
  ['ole2', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]], // Excel 97-2003 .xls (and other old Office files)
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]], // GIF8
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['rar', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // Rar!
  ['shp', [0x00, 0x00, 0x27, 0x0a]], // ESRI Shapefile main file (file code 9994, big-endian)
  ['utf16le', [0xff, 0xfe]], // "Texte Unicode" saved by Excel
  ['utf16be', [0xfe, 0xff]],
];

/**
 * What the first bytes of a file say it is (a NUL byte in a file without signature: binary). A web page
 * is told apart from text: portals answer an expired download link with an HTML page saved under the
 * file's name.
 */
export function sniffContent(head: Uint8Array): Content {
  if (head.length === 0) return 'empty';
  for (const [content, magic] of MAGIC) if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return content;
  if (head.includes(0)) return 'binary';
  const start = new TextDecoder('latin1').decode(head.subarray(0, 512)).replace(/^\uFEFF|^ï»¿/, '');
  return /^\s*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(start) ? 'html' : 'text';
}

const DESCRIPTION: Record<Content, string> = {
  empty: 'fichier vide',
  text: 'fichier texte',
  html: 'page web (HTML)',
  utf16le: 'texte Unicode (UTF-16)',
  utf16be: 'texte Unicode (UTF-16)',
  gzip: 'fichier compressé gzip',
  zip: 'archive zip',
  ole2: 'classeur Excel .xls (ancien format)',
  pdf: 'document PDF',
  png: 'image PNG',
  jpeg: 'image JPEG',
  gif: 'image GIF',
  '7z': 'archive 7-Zip',
  rar: 'archive RAR',
  shp: 'couche Shapefile (.shp)',
  binary: 'fichier binaire',
};

function describe(content: Content, name: string): string {
  if (content === 'zip' && /\.xlsx$/i.test(name)) return 'classeur Excel (.xlsx)';
  if (content === 'ole2' && /\.(docx?|ppt|msg)$/i.test(name)) return 'document Office (ancien format)';
  return DESCRIPTION[content];
}

/** What each kind of source should be, for messages. */
const EXPECTED: Record<SourceKind, string> = {
  damir: 'un fichier mensuel Open DAMIR (A{AAAAMM}.csv.gz)',
  rpps: 'l’extraction RPPS de l’Annuaire Santé (archive PS_LibreAcces_{horodatage}.zip ou son fichier PS_LibreAcces_Personne_activite_*.txt)',
  population: 'un fichier de population INSEE (TD_POP1B, pop-sexe-age-quinquennal ou base-cc-evol-struct-pop), en CSV, en zip ou en classeur .xlsx',
  zonages: 'la table d’appartenance géographique des communes de l’INSEE (CSV, classeur .xlsx ou son archive zip)',
  'grille-perso': 'un maillage personnalisé (code_commune;code_territoire;libelle_territoire)',
  temps: 'une matrice de temps de trajet (origine;destination;minutes)',
  finess: 'l’extraction FINESS (etalab-cs1100507-*.csv) ou une liste d’établissements avec lat et lon',
  bpe: 'la base permanente des équipements de l’INSEE (DS_BPE_*_data.csv ou l’archive DS_BPE_CSV_FR.zip)',
  geometrie: 'la géométrie des communes (GeoJSON ou Shapefile zippé)',
  cartosante: 'un export CartoSanté des indicateurs par bassin de vie (CSV ou classeur .xlsx)',
};

function fail(name: string, message: string): never {
  throw new ImportError(`Fichier « ${name} » : ${message}`);
}

/** The refusal of a file that is not data, saying what it is and what to do. */
function refusal(content: Content, name: string, kind: SourceKind): string {
  const expected = `Attendu : ${EXPECTED[kind]}.`;
  switch (content) {
    case 'empty':
      return 'fichier vide (0 octet) : le téléchargement a sans doute été interrompu. Retéléchargez-le.';
    case 'ole2':
      return /\.(docx?|ppt|msg)$/i.test(name)
        ? `document Office (ancien format), pas un fichier de données. ${expected}`
        : 'classeur Excel .xls (ancien format), que l’application ne lit pas : ouvrez-le dans Excel ou LibreOffice et ' +
            'enregistrez-le en .xlsx (ou la feuille de données en CSV, séparateur point-virgule), puis importez ce fichier.';
    case '7z':
    case 'rar':
      return `${DESCRIPTION[content]}, format non pris en charge : extrayez-en le fichier de données avec votre outil d’archives ` +
        `et importez-le (ou recompressez-le en .zip). ${expected}`;
    case 'shp':
      return kind === 'geometrie'
        ? 'couche Shapefile (.shp) seule : importez le zip complet de la livraison (.shp, .dbf et .prj ensemble).'
        : `couche Shapefile (.shp), pas un fichier de données. ${expected}`;
    case 'html':
      return 'page web (HTML) enregistrée à la place du fichier : le téléchargement a échoué ou le lien a expiré. ' +
        `Retéléchargez le fichier depuis la page du producteur. ${expected}`;
    case 'binary':
      return `fichier binaire non reconnu, pas un fichier de données texte. Vérifiez que vous avez choisi le bon fichier. ${expected}`;
    default:
      return `${describe(content, name)}, pas un fichier de données. ${expected}`;
  }
}

/** A French word with the plural `s` when `n` > 1. */
const plural = (n: number, word: string) => (n > 1 ? `${word}s` : word);
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const quoteList = (names: string[]) => names.map((n) => `« ${n} »`).join(', ');

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The first bytes of a source (the stream is closed as soon as they are read). */
async function readHead(source: ImportSource, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source.stream()) {
    if (signal?.aborted) throw new ImportCancelled();
    parts.push(chunk);
    size += chunk.length;
    if (size >= HEAD_BYTES) break;
  }
  return concat(parts).subarray(0, HEAD_BYTES);
}

/**
 * The data files inside what the user gave: the source itself for text/gzip, chosen members of a zip,
 * the data sheet of a workbook as CSV. Throws ImportError (French) saying what the file is and what to do.
 *
 * - Content is told by magic bytes, not by extension (a CSV named .xlsx is read as text).
 * - Zip members keep `name` = "<archive> › <member>" and `size` = uncompressed size (0 when the archive
 *   does not say), and stream their inflated bytes; `notes` say which members were read or ignored.
 * - RPPS (kind 'rpps'): Personne_activite (required) then SavoirFaire, found by name; Dipl_AutExerc ignored.
 * - Other kinds: the data member chosen by name (metadata, documentation and images ignored), size as a
 *   tie-break; zonages and Open DAMIR keep every data member. Several candidates that cannot be told
 *   apart → refused, listing them.
 * - Workbooks (.xlsx, also inside a zip): sheets whose header row (found by column names among the first
 *   rows) fits the kind; for population the latest `COM_YYYY` sheet. Written as `;` CSV, UTF-8, cells as
 *   text ("01" stays "01"), numbers in plain notation.
 * - Kind 'geometrie': a zip is returned as is (the geometry import pairs the Shapefile members itself).
 */
export async function unpackSource(source: ImportSource, kind: SourceKind, signal?: AbortSignal): Promise<UnpackedSource[]> {
  return unpack(source, kind, signal, 0);
}

async function unpack(source: ImportSource, kind: SourceKind, signal: AbortSignal | undefined, depth: number, head?: Uint8Array): Promise<UnpackedSource[]> {
  const content = sniffContent(head ?? (await readHead(source, signal)));
  switch (content) {
    case 'text':
    case 'gzip':
      return [source];
    case 'utf16le':
    case 'utf16be':
      return [utf16Source(source, content === 'utf16be')];
    case 'zip':
      return unpackZip(source, kind, signal, depth);
    default:
      return fail(source.name, refusal(content, source.name, kind));
  }
}

/** A UTF-16 text (Excel's "Texte Unicode") re-encoded as UTF-8 on the fly; `size` is the original's. */
function utf16Source(source: ImportSource, bigEndian: boolean): UnpackedSource {
  return {
    name: source.name,
    size: source.size,
    notes: [`Fichier « ${source.name} » : texte Unicode (UTF-16) converti en UTF-8.`],
    async *stream() {
      const decoder = new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le'); // drops the byte order mark
      const encoder = new TextEncoder();
      for await (const chunk of source.stream()) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) yield encoder.encode(text);
      }
      const rest = decoder.decode();
      if (rest) yield encoder.encode(rest);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Zip archives

interface ZipMember {
  /** Position among the archive's local headers (stable between two reads of the same bytes). */
  index: number;
  /** Path inside the archive, as stored. */
  name: string;
  compression: number;
  /** Uncompressed size in bytes; 0 when neither the local header nor the central directory gives it. */
  size: number;
  /** Up to HEAD_BYTES of the inflated start of the member. */
  head: Uint8Array;
  content: Content;
  /** False when the start could not be inflated (unknown compression method, encryption, corruption). */
  readable: boolean;
}

const ZIP_DAMAGED = 'archive zip abîmée ou incomplète (téléchargement interrompu ?) : retéléchargez-la.';

/** Directory entries and files added by archivers (macOS resource forks, Finder and Explorer caches). */
const isJunk = (name: string) => name.endsWith('/') || /(^|\/)(__MACOSX\/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i.test(name);

/**
 * Lists the members of a zip in one streaming pass: names, sizes and the first bytes of each (inflated
 * just far enough), without keeping any member's data. Sizes missing from local headers (archives
 * written in a streaming fashion, with data descriptors) are taken from the central directory.
 */
async function listZip(source: ImportSource, signal?: AbortSignal): Promise<ZipMember[]> {
  const members: (ZipMember & { parts: Uint8Array[]; got: number })[] = [];
  const unzip = new Unzip((file) => {
    const member = {
      index: members.length, name: file.name, compression: file.compression, size: file.originalSize ?? 0,
      head: new Uint8Array(0), content: 'empty' as Content, readable: true, parts: [] as Uint8Array[], got: 0,
    };
    members.push(member);
    file.ondata = (error, data) => {
      if (error) member.readable = false;
      else if (member.got < HEAD_BYTES && data.length > 0) {
        const part = data.slice(0, HEAD_BYTES - member.got);
        member.parts.push(part);
        member.got += part.length;
      }
    };
    // Every member is started, so that fflate hands its data to a decoder instead of buffering it.
    file.start();
  });
  unzip.register(HeadInflate);
  const tail: Uint8Array[] = [];
  let tailBytes = 0;
  let total = 0;
  try {
    for await (const chunk of source.stream()) {
      if (signal?.aborted) throw new ImportCancelled();
      total += chunk.length;
      tail.push(chunk);
      tailBytes += chunk.length;
      while (tail.length > 1 && tailBytes - tail[0].length >= TAIL_BYTES) tailBytes -= tail.shift()!.length;
      unzip.push(chunk, false);
    }
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    fail(source.name, ZIP_DAMAGED);
  }
  const sizes = centralDirectorySizes(concat(tail), total);
  return members.map(({ parts, got: _got, ...member }) => {
    const head = concat(parts);
    return { ...member, head, content: sniffContent(head), size: member.size || sizes.get(member.name) || 0 };
  });
}

/** Inflates only the first HEAD_BYTES of a deflated member, then ignores the rest. */
class HeadInflate implements UnzipDecoder {
  static compression = 8;
  ondata!: AsyncFlateStreamHandler;
  private produced = 0;
  private done = false;
  private readonly inflate = new Inflate((data, final) => {
    this.produced += data.length;
    if (this.produced >= HEAD_BYTES) this.done = true;
    this.ondata(null, data, final);
  });

  push(chunk: Uint8Array, final: boolean): void {
    if (this.done) return;
    try {
      this.inflate.push(chunk, final);
    } catch (error) {
      this.done = true;
      this.ondata(error as FlateError, new Uint8Array(0), final);
    }
  }
}

/**
 * Uncompressed sizes by member name, from the central directory at the end of the archive (APPNOTE
 * 4.3.12 central directory header, 4.3.16 end of central directory, 4.5.3 Zip64 extra field). fflate's
 * streaming reader does not expose them; only these few fields are read. Empty when the directory is
 * not within the kept tail.
 */
function centralDirectorySizes(tail: Uint8Array, archiveBytes: number): Map<string, number> {
  const sizes = new Map<string, number>();
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return sizes;
  let directoryOffset = view.getUint32(eocd + 16, true);
  if (directoryOffset === 0xffffffff && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const record = Number(view.getBigUint64(eocd - 20 + 8, true)) - (archiveBytes - tail.length);
    if (record < 0 || record + 56 > tail.length || view.getUint32(record, true) !== 0x06064b50) return sizes;
    directoryOffset = Number(view.getBigUint64(record + 48, true));
  }
  let at = directoryOffset - (archiveBytes - tail.length);
  if (at < 0) return sizes;
  while (at + 46 <= tail.length && view.getUint32(at, true) === 0x02014b50) {
    const utf8 = (view.getUint16(at + 8, true) & 0x800) !== 0;
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const nameBytes = tail.subarray(at + 46, at + 46 + nameLength);
    // Same decoding as fflate: UTF-8 when the entry says so (bit 11), otherwise one byte per character.
    const name = utf8 ? new TextDecoder().decode(nameBytes) : String.fromCharCode(...nameBytes);
    if (size === 0xffffffff) {
      for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; e += 4 + view.getUint16(e + 2, true)) {
        if (view.getUint16(e, true) === 0x0001 && e + 12 <= tail.length) size = Number(view.getBigUint64(e + 4, true));
      }
    }
    sizes.set(name, size);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return sizes;
}

/**
 * One member of an archive as a source: each `stream()` reads the archive again and yields the member's
 * inflated bytes as they come; the other members are skipped without being inflated or kept, and the
 * archive is no longer read once the member is complete.
 */
function memberSource(archive: ImportSource, member: ZipMember, signal?: AbortSignal): UnpackedSource {
  const name = `${archive.name} › ${member.name}`;
  return {
    name,
    size: member.size,
    notes: [],
    async *stream() {
      const out: Uint8Array[] = [];
      let complete = false;
      let failure: FlateError | null = null;
      let index = -1;
      let target = false;
      // Inflates the wanted member only; fflate builds one decoder per member, when start() is called.
      class MemberInflate implements UnzipDecoder {
        static compression = 8;
        ondata!: AsyncFlateStreamHandler;
        private readonly inflate = target ? new Inflate((data, final) => this.ondata(null, data, final)) : null;
        push(chunk: Uint8Array, final: boolean): void {
          if (!this.inflate) return;
          try {
            this.inflate.push(chunk, final);
          } catch (error) {
            this.ondata(error as FlateError, new Uint8Array(0), final);
          }
        }
      }
      const unzip = new Unzip((file) => {
        index++;
        target = index === member.index;
        file.ondata = target
          ? (error, data, final) => {
              if (error) failure = error;
              else {
                // Stored members arrive as views of the archive's own blocks: copy them before handing them on.
                if (data.length > 0) out.push(member.compression === 0 ? data.slice() : data);
                if (final) complete = true;
              }
            }
          : () => undefined;
        file.start();
      });
      unzip.register(MemberInflate);
      const push = (chunk: Uint8Array, final: boolean) => {
        try {
          unzip.push(chunk, final);
        } catch {
          fail(name, ZIP_DAMAGED);
        }
        if (failure) fail(name, `membre illisible (${failure.message}) : extrayez-le avec votre outil d’archives et importez-le.`);
      };
      for await (const chunk of archive.stream()) {
        if (signal?.aborted) throw new ImportCancelled();
        push(chunk, false);
        while (out.length > 0) yield out.shift()!;
        if (complete) return;
      }
      push(new Uint8Array(0), true);
      while (out.length > 0) yield out.shift()!;
      if (!complete) fail(name, ZIP_DAMAGED);
    },
  };
}

/** Why a member is not a data file, or null when it may be one. */
function ignoreReason(member: ZipMember): string | null {
  const base = basename(member.name);
  if (['png', 'jpeg', 'gif'].includes(member.content)) return 'image';
  if (member.content === 'pdf' || /\.(html?|docx?|odt|rtf|md)$/i.test(base)) return 'documentation';
  if (isMetadataName(base) || isMetadataHeader(member)) return 'métadonnées';
  if (member.content === 'empty') return 'vide';
  if (!member.readable) return 'illisible (méthode de compression non prise en charge ou fichier chiffré)';
  if (!['text', 'gzip', 'zip', 'utf16le', 'utf16be', 'ole2'].includes(member.content)) return describe(member.content, base);
  return null;
}

/** INSEE and other producers name their variable dictionaries meta_…, varmod_…, …_metadata, etc. */
const isMetadataName = (base: string) =>
  base
    .replace(/\.[^.]*$/, '')
    .split(/[\s_.-]+/)
    .some((word) => /^(meta|metadata|metadonnees|varmod|variables?|dictionnaire|dico|documentation|doc|notice|lisezmoi|readme|licen[cs]e|description)$/i.test(word));

/** INSEE variable dictionaries start with COD_VAR;LIB_VAR… whatever their name. */
function isMetadataHeader(member: ZipMember): boolean {
  if (member.content !== 'text') return false;
  const line = new TextDecoder('latin1').decode(member.head.subarray(0, 200)).replace(/^\uFEFF|^ï»¿/, '');
  return /^"?COD_VAR"?[;,\t|]/i.test(line);
}

/** A text member read whole in its head that has no line after the header. */
const headerOnly = (member: ZipMember) =>
  member.content === 'text' && member.head.length < HEAD_BYTES && new TextDecoder('latin1').decode(member.head).split(/\r?\n/).filter((l) => l.trim() !== '').length <= 1;

function listMembers(members: ZipMember[]): string {
  const shown = members.slice(0, MAX_LISTED).map((m) => (m.content === 'text' ? `« ${m.name} »` : `« ${m.name} » (${describe(m.content, m.name)})`));
  return shown.join(', ') + (members.length > MAX_LISTED ? ` et ${members.length - MAX_LISTED} autres` : '');
}

/** Names that tell the data member of each kind of download. */
const PREFERRED: Partial<Record<SourceKind, RegExp>> = {
  damir: /^A\d{6}/i,
  population: /TD_POP1B|base[-_]cc[-_]evol[-_]struct[-_]pop|pop[-_]sexe[-_]age|quinquennal/i,
  bpe: /(^|_)data\.|DS_BPE/i,
  zonages: /appartenance|CODGEO/i,
  finess: /etalab|finess/i,
  rpps: /personne[_-]?activite/i,
};
/** Kinds whose archives may hold several data files, all read (appartenance table and labels; flux months). */
const MULTIPLE: ReadonlySet<SourceKind> = new Set(['zonages', 'damir']);

interface Choice {
  chosen: ZipMember[];
  ignored: [ZipMember, string][];
}

/** The data member(s) of an archive for a kind other than RPPS (rules in unpackSource's comment). */
function chooseData(archive: string, members: ZipMember[], kind: SourceKind): Choice {
  const ignored: [ZipMember, string][] = [];
  const data: ZipMember[] = [];
  for (const member of members) {
    const reason = ignoreReason(member);
    if (reason) ignored.push([member, reason]);
    else data.push(member);
  }
  // An old-format workbook is a candidate only when nothing else is, so that its refusal says what to do.
  const readable = data.filter((m) => m.content !== 'ole2');
  let candidates = readable.length > 0 ? readable : data;
  for (const m of data) if (!candidates.includes(m)) ignored.push([m, describe(m.content, m.name)]);
  if (candidates.length === 0) {
    fail(archive, `archive zip contenant ${listMembers(members)} : aucun fichier de données reconnu. Attendu : ${EXPECTED[kind]}.`);
  }
  if (MULTIPLE.has(kind) || candidates.length === 1) return { chosen: candidates, ignored };
  const preferred = PREFERRED[kind];
  const named = preferred ? candidates.filter((m) => preferred.test(basename(m.name))) : [];
  if (named.length > 0 && named.length < candidates.length) {
    for (const m of candidates) if (!named.includes(m)) ignored.push([m, 'nom d’un autre fichier']);
    candidates = named;
  }
  if (candidates.length > 1) {
    const bySize = [...candidates].sort((a, b) => b.size - a.size);
    if (bySize[1].size > 0 && bySize[0].size >= SIZE_RATIO * bySize[1].size) {
      for (const m of bySize.slice(1)) ignored.push([m, 'bien plus petit que le fichier retenu']);
      candidates = [bySize[0]];
    } else {
      fail(
        archive,
        `archive zip contenant plusieurs fichiers de données possibles (${quoteList(candidates.map((m) => m.name))}) : ` +
          'impossible de savoir lequel importer. Extrayez celui qui convient et importez-le seul.',
      );
    }
  }
  return { chosen: candidates, ignored };
}

/**
 * The ANS extraction (DATA_SPEC §B.1): Personne_activite (required, read first: the RPPS report hangs its
 * summary on the first file) and SavoirFaire, found by name anywhere in the archive; Dipl_AutExerc and
 * anything else ignored.
 */
function chooseRpps(archive: string, members: ZipMember[]): Choice {
  const find = (pattern: RegExp) => members.filter((m) => pattern.test(basename(m.name)) && ignoreReason(m) === null);
  const personne = find(/personne[_-]?activite/i);
  const savoirFaire = find(/savoir[_-]?faire/i);
  if (personne.length === 0) {
    fail(
      archive,
      `archive zip sans fichier PS_LibreAcces_Personne_activite (elle contient ${listMembers(members)}). ` +
        `Attendu : ${EXPECTED.rpps}.`,
    );
  }
  for (const found of [personne, savoirFaire]) {
    if (found.length > 1) {
      fail(archive, `archive zip contenant plusieurs fichiers du même type (${quoteList(found.map((m) => m.name))}) : extrayez celui qui convient et importez-le seul.`);
    }
  }
  // SavoirFaire is a companion (older extractions keep the specialties in Personne_activite): one that holds
  // only its header line is left out rather than refused.
  const companions = savoirFaire.filter((m) => !headerOnly(m));
  const chosen = [...personne, ...companions];
  const ignored = members
    .filter((m) => !chosen.includes(m))
    .map((m): [ZipMember, string] => [
      m,
      /dipl[_-]?autexerc/i.test(basename(m.name))
        ? 'diplômes et autorisations d’exercice, non utilisés'
        : savoirFaire.includes(m) ? 'en-tête seul, aucune ligne de données' : 'non utilisé',
    ]);
  return { chosen, ignored };
}

async function unpackZip(source: ImportSource, kind: SourceKind, signal: AbortSignal | undefined, depth: number): Promise<UnpackedSource[]> {
  const listing = await listZip(source, signal);
  const names = new Set(listing.map((m) => m.name));
  if (names.has('xl/workbook.xml')) return workbookSources(await readAll(source, signal), source.name, kind, signal);
  const mimetype = listing.find((m) => m.name === 'mimetype');
  if (mimetype && new TextDecoder().decode(mimetype.head).startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
    fail(source.name, 'classeur OpenDocument (.ods), que l’application ne lit pas : enregistrez-le en .xlsx ou la feuille de données en CSV (séparateur point-virgule).');
  }
  if (names.has('word/document.xml') || mimetype) fail(source.name, `document bureautique, pas un fichier de données. Attendu : ${EXPECTED[kind]}.`);
  // The geometry import reads Shapefile deliveries itself (layers paired by base name).
  if (kind === 'geometrie') return [source];
  const members = listing.filter((m) => !isJunk(m.name));
  if (members.length === 0) fail(source.name, `archive zip vide. Attendu : ${EXPECTED[kind]}.`);
  if (depth >= MAX_DEPTH) fail(source.name, 'archive zip imbriquée dans d’autres archives : extrayez le fichier de données et importez-le.');
  const { chosen, ignored } = kind === 'rpps' ? chooseRpps(source.name, members) : chooseData(source.name, members, kind);

  const note = [`Archive « ${source.name} » : ${plural(chosen.length, 'lu')} ${quoteList(chosen.map((m) => m.name))}`];
  const shownIgnored = ignored.slice(0, MAX_LISTED).map(([m, reason]) => `« ${m.name} » (${reason})`);
  if (shownIgnored.length > 0) {
    note.push(` ; ${plural(ignored.length, 'ignoré')} ${shownIgnored.join(', ')}${ignored.length > MAX_LISTED ? ` et ${ignored.length - MAX_LISTED} autres` : ''}`);
  }
  const sources: UnpackedSource[] = [];
  for (const member of chosen) {
    const inner = memberSource(source, member, signal);
    sources.push(...(member.content === 'text' || member.content === 'gzip' ? [inner] : await unpack(inner, kind, signal, depth + 1, member.head)));
  }
  sources[0].notes = [note.join('') + '.', ...(sources[0].notes ?? [])];
  return sources;
}

// ---------------------------------------------------------------------------------------------------
// Workbooks

interface SheetRule {
  /** Whether a row (cells trimmed, upper case, accents removed) is the header row of this kind. */
  header: (names: string[]) => boolean;
  /** The columns looked for, for messages. */
  columns: string;
  /** Every matching sheet is a source (otherwise one, or a refusal listing them). */
  all?: boolean;
  /** Sheets named like this (group 1 = year) are tried latest first, and the first that matches wins. */
  latest?: RegExp;
}

const has = (...columns: string[]) => (names: string[]) => columns.every((c) => names.includes(c));

/** Which sheets hold each kind's data, recognised by their header row (column names of the producers). */
const SHEET_RULES: Partial<Record<SourceKind, SheetRule>> = {
  population: {
    header: (n) =>
      has('CODGEO', 'AGED100', 'NB')(n) ||
      (has('DR', 'CR')(n) && n.some((c) => /^AGEQ_REC\d{2}S[12]RPOP\d{4}$/.test(c))) ||
      (n.includes('CODGEO') && n.some((c) => /^P\d{2}_POP$/.test(c))),
    columns: 'CODGEO, AGED100, NB (TD_POP1B) ; DR, CR, ageq_recNNsSrpopAAAA (série quinquennale) ; CODGEO, PAA_POP (base-cc)',
    latest: /^COM_(\d{4})$/i,
  },
  // The appartenance table (CODGEO and grid columns) and the label table (NIVGEO, CODGEO, LIBGEO), as
  // importZoningFile reads them; a documentation sheet listing the variable CODGEO is not one of them.
  zonages: {
    header: (n) => n.includes('CODGEO') && (['EPCI', 'BV2022', 'ZE2020', 'AAV2020', 'DEP'].some((g) => n.includes(g)) || has('NIVGEO', 'LIBGEO')(n)),
    columns: 'CODGEO et EPCI, BV2022, ZE2020, AAV2020 ou DEP (table d’appartenance) ; NIVGEO, CODGEO, LIBGEO (libellés)',
    all: true,
  },
  bpe: { header: has('GEO', 'FACILITY_TYPE', 'OBS_VALUE'), columns: 'GEO, FACILITY_TYPE, OBS_VALUE' },
  'grille-perso': { header: has('CODE_COMMUNE', 'CODE_TERRITOIRE'), columns: 'code_commune, code_territoire' },
  temps: { header: has('ORIGINE', 'DESTINATION', 'MINUTES'), columns: 'origine, destination, minutes' },
  finess: { header: has('LAT', 'LON'), columns: 'lat, lon' },
  cartosante: { header: (n) => n.includes('CODE') && n.some((c) => /^PART DES BENEF.*ALD/.test(c)), columns: 'Code, Part des bénéf. en ALD …' },
};

/** A numeric cell as written in the file (read-excel-file's parseNumber hook), to write it back without float noise. */
class NumberCell {
  constructor(readonly raw: string) {}
}

type Cell = string | number | boolean | Date | NumberCell | null | undefined;

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof NumberCell) return /^-?\d+$/.test(cell.raw) ? cell.raw : formatPlainNumber(Number(cell.raw));
  if (cell instanceof Date) {
    const iso = cell.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof cell === 'number') return formatPlainNumber(cell);
  return String(cell);
}

const headerName = (cell: Cell) =>
  cellText(cell).normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toUpperCase();

interface SheetInfo {
  name: string;
  /** Path of the sheet's XML inside the workbook (from xl/_rels/workbook.xml.rels), when found. */
  path?: string;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, entity: string) =>
    entity[0] === '#' ? String.fromCodePoint(Number(entity[1].toLowerCase() === 'x' ? `0${entity.slice(1)}` : entity.slice(1))) : (XML_ENTITIES[entity] ?? all),
  );
const attributes = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, k, v]) => [k, unescapeXml(v)]));

/**
 * Sheet names in workbook order and the path of each sheet's XML, from xl/workbook.xml and its
 * relationships (ECMA-376 part 1, 18.2.19 and 18.2.20). read-excel-file reads every sheet of a workbook
 * at once; knowing the names lets it read only the sheets needed (the INSEE series holds one sheet per
 * census since 1968).
 */
function workbookSheets(bytes: Uint8Array): SheetInfo[] {
  const files = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
  const text = (name: string) => (files[name] ? new TextDecoder().decode(files[name]) : '');
  const targets = new Map<string, string>();
  for (const [tag] of text('xl/_rels/workbook.xml.rels').matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    const { Id, Target } = attributes(tag);
    if (Id && Target) targets.set(Id, Target.startsWith('/') ? Target.slice(1) : `xl/${Target}`);
  }
  return [...text('xl/workbook.xml').matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map(([tag]) => {
    const attrs = attributes(tag);
    const id = Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1];
    return { name: attrs.name ?? '', path: id ? targets.get(id) : undefined };
  });
}

/** One sheet's rows, read from a copy of the workbook without the other sheets' XML. */
async function readOneSheet(bytes: Uint8Array, sheet: SheetInfo, file: string): Promise<Cell[][]> {
  try {
    let input = bytes;
    if (sheet.path) {
      const kept = unzipSync(bytes, {
        filter: (f) => /\.(xml|rels)$/i.test(f.name) && (f.name === sheet.path || !/^xl\/(worksheets|chartsheets|pivotCache|pivotTables)\//i.test(f.name)),
      });
      input = zipSync(kept, { level: 0 });
    }
    const buffer = input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength) as ArrayBuffer;
    return (await readSheet(buffer, sheet.name, { parseNumber: (raw: string) => new NumberCell(raw) })) as Cell[][];
  } catch {
    return fail(file, `classeur Excel illisible (feuille « ${sheet.name} ») : rouvrez-le dans Excel ou LibreOffice et réenregistrez-le en .xlsx.`);
  }
}

/** The rows below the header as `;` CSV; empty rows and note rows (a single filled cell) are left out. */
function sheetCsv(rows: Cell[][], headerRow: number): { text: string; lines: number; notes: number } {
  const header = rows[headerRow].map((c) => cellText(c).trim());
  let width = header.length;
  while (width > 0 && header[width - 1] === '') width--;
  const data: string[][] = [];
  let notes = 0;
  for (const row of rows.slice(headerRow + 1)) {
    const cells = Array.from({ length: width }, (_, i) => cellText(row[i]));
    const filled = cells.filter((c) => c.trim() !== '').length;
    if (filled === 0) continue;
    if (filled === 1 && width >= 3) {
      notes++;
      continue;
    }
    data.push(cells);
  }
  return { text: formatCsv(header.slice(0, width), data), lines: data.length, notes };
}

/** The data sheet(s) of an .xlsx workbook as CSV sources named "<file> (feuille <sheet>)". */
async function workbookSources(bytes: Uint8Array, file: string, kind: SourceKind, signal?: AbortSignal): Promise<UnpackedSource[]> {
  const rule = SHEET_RULES[kind];
  if (!rule) fail(file, `classeur Excel (.xlsx) : ce type de données ne se lit pas dans un classeur. Attendu : ${EXPECTED[kind]}.`);
  let sheets: SheetInfo[];
  try {
    sheets = workbookSheets(bytes);
  } catch {
    return fail(file, 'classeur Excel illisible (fichier abîmé ?) : rouvrez-le dans Excel ou LibreOffice et réenregistrez-le en .xlsx.');
  }
  const year = (name: string) => Number(rule.latest?.exec(name)?.[1] ?? -1);
  const dated = sheets.filter((s) => year(s.name) >= 0).sort((a, b) => year(b.name) - year(a.name));
  const ordered = [...dated, ...sheets.filter((s) => !dated.includes(s))];
  const found: { sheet: SheetInfo; rows: Cell[][]; headerRow: number }[] = [];
  for (const sheet of ordered) {
    if (signal?.aborted) throw new ImportCancelled();
    const rows = await readOneSheet(bytes, sheet, file);
    const headerRow = rows.slice(0, MAX_TITLE_ROWS).findIndex((row) => rule.header(row.map(headerName)));
    if (headerRow < 0) continue;
    found.push({ sheet, rows, headerRow });
    if (dated.includes(sheet)) break; // the latest census sheet that holds the data
  }
  const sheetList = quoteList(sheets.map((s) => s.name));
  if (found.length === 0) {
    fail(file, `classeur Excel sans feuille de données reconnue (ligne d’en-tête avec les colonnes ${rule.columns}) ; feuilles : ${sheetList}. Attendu : ${EXPECTED[kind]}.`);
  }
  if (found.length > 1 && !rule.all) {
    fail(file, `classeur Excel avec plusieurs feuilles de données possibles (${quoteList(found.map((f) => f.sheet.name))}) : enregistrez celle qui convient en CSV et importez-la.`);
  }
  const ignored = sheets.filter((s) => !found.some((f) => f.sheet === s)).map((s) => s.name);
  return found.map(({ sheet, rows, headerRow }) => {
    const { text, lines, notes } = sheetCsv(rows, headerRow);
    const bytes = new TextEncoder().encode(text);
    const said = [`Classeur « ${file} » : feuille « ${sheet.name} » lue, en-tête en ligne ${headerRow + 1}, ${lines} ${plural(lines, 'ligne')}`];
    if (notes > 0) said.push(` (${notes} ${plural(notes, 'ligne')} de note ${plural(notes, 'ignorée')})`);
    if (ignored.length > 0) said.push(` ; ${plural(ignored.length, 'feuille')} ${plural(ignored.length, 'ignorée')} : ${quoteList(ignored)}`);
    return {
      name: `${file} (feuille ${sheet.name})`,
      size: bytes.length,
      notes: [said.join('') + '.'],
      async *stream() {
        yield bytes;
      },
    };
  });
}
