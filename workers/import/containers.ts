// What the user gives is often not the data file itself but the form in which it is downloaded: the ANS
// zip of the RPPS extraction, INSEE zips (data CSV plus metadata), INSEE workbooks with title rows and
// one sheet per census. This module finds the data files inside, by content (magic bytes) first and by
// name second, and hands them on as import sources that DuckDB's own CSV reader then reads:
// - text and gzip are returned as they are (DuckDB reads .gz itself);
// - zip members are streamed (fflate `Unzip`, one member inflated, the others skipped without being
//   buffered): the RPPS Personne_activite member is hundreds of MB;
// - the data sheet of a workbook becomes a `;` CSV (workbook.ts), its header row found by its column
//   names, codes kept as text;
// - UTF-16 text is re-encoded as UTF-8 on the fly.
// Anything else is refused with a French message saying what the file is and what to do, from one table
// of file signatures (SIGNATURES) that the geometry import uses too.
// Platform-free: runs in Node (CLI, utility process) and in the browser worker.
import { Inflate, Unzip, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder } from 'fflate';
import type { SourceKind } from '../../common/pack';
import {
  concatBytes, decodedSource, failFile, ImportCancelled, ImportError, plural, quoteList, readAll, readPrefix, type ImportSource,
} from './source-reader';
import { workbookSources } from './workbook';

export interface UnpackedSource extends ImportSource {
  /** What was done to reach these bytes (member chosen, members or sheets ignored), in French, for the report. */
  notes?: string[];
}

/** What a file is: from its first bytes (sniffContent), or for a zip from its members (archiveContent). */
export type Content =
  | 'empty' | 'text' | 'html' | 'utf16le' | 'utf16be' | 'gzip' | 'zip' | 'xlsx' | 'ods' | 'office' | 'ole2' | 'pdf' | 'png' | 'jpeg'
  | 'gif' | 'tiff' | '7z' | 'rar' | 'sqlite' | 'parquet' | 'shp' | 'binary';

/** Bytes looked at to tell what a file (or a zip member) is. */
export const HEAD_BYTES = 16 * 1024;
/** End of an archive kept to read member sizes from its central directory (4.3.16 of PKWARE's APPNOTE). */
const TAIL_BYTES = 4 * 1024 * 1024;
/** A zip inside a zip is opened; deeper nesting is refused. */
const MAX_DEPTH = 2;
/** Among candidates that names cannot tell apart, one this many times larger than the others is the data. */
const SIZE_RATIO = 10;
const MAX_LISTED = 12;

export const GEOMETRY_ADVICE =
  'Pour la géométrie des communes, donnez un GeoJSON (.geojson, éventuellement compressé en .gz ou .zip) ou un Shapefile ' +
  'zippé (.zip contenant .shp, .dbf et .prj), par exemple la couche COMMUNE d’ADMIN EXPRESS (IGN).';

interface Signature {
  /** First bytes (any of), as bytes or as text of one byte per character; none: told otherwise. */
  magic?: (number[] | string)[];
  /** What the file is, in French. */
  what: string;
  /** Why it is refused and what to do, whatever was expected. */
  refusal?: string;
  /** The same when a data table was expected (default: `refusal`, else "<what>, pas un fichier de données."). */
  data?: string;
  /** The same when commune geometry was expected (default: `refusal`, else "<what> : ce n’est pas une géométrie…", with GEOMETRY_ADVICE). */
  geometry?: string;
}

/**
 * What each content is and what to do with it. Magic numbers are tested in this order (signatures
 * published by each format: PKWARE APPNOTE 4.3.7, RFC 1952, the PNG, GIF, TIFF 6.0, PDF, SQLite, Parquet
 * and ESRI Shapefile specifications, Microsoft's Compound File Binary format).
 */
const SIGNATURES: Record<Content, Signature> = {
  gzip: { magic: [[0x1f, 0x8b]], what: 'fichier compressé gzip' },
  // Local header, empty archive, spanned archive marker.
  zip: { magic: ['PK\x03\x04', 'PK\x05\x06', 'PK\x07\x08'], what: 'archive zip' },
  // Compound File Binary: Excel 97-2003 .xls, other old Office files, and any password-protected
  // .xlsx/.docx (Office encrypts them into such a container).
  ole2: {
    magic: [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
    what: 'classeur Excel ancien format (.xls) ou protégé par mot de passe',
    data:
      'classeur Excel ancien format (.xls) ou protégé par mot de passe, que l’application ne lit pas : ouvrez-le dans Excel ' +
      'ou LibreOffice, retirez le mot de passe s’il en a un et enregistrez-le en .xlsx (ou la feuille de données en CSV, ' +
      'séparateur point-virgule), puis importez ce fichier.',
  },
  pdf: { magic: ['%PDF-'], what: 'document PDF' },
  png: { magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], what: 'image PNG' },
  jpeg: { magic: [[0xff, 0xd8, 0xff]], what: 'image JPEG' },
  gif: { magic: ['GIF8'], what: 'image GIF' },
  tiff: { magic: ['II*\0', 'MM\0*'], what: 'image TIFF (raster, peut-être un GeoTIFF)' },
  '7z': {
    magic: [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
    what: 'archive 7-Zip (.7z)',
    data: 'archive 7-Zip (.7z), format non pris en charge : extrayez-en le fichier de données avec votre outil d’archives et importez-le (ou recompressez-le en .zip).',
    geometry:
      'archive 7-Zip (.7z), la forme des livraisons ADMIN EXPRESS de l’IGN : extrayez-la, puis zippez les fichiers de la couche ' +
      'COMMUNE (COMMUNE.shp, .dbf, .prj et .cpg, ou tout leur dossier) et importez ce .zip.',
  },
  rar: {
    magic: ['Rar!\x1a\x07'],
    what: 'archive RAR',
    data: 'archive RAR, format non pris en charge : extrayez-en le fichier de données avec votre outil d’archives et importez-le (ou recompressez-le en .zip).',
    geometry: 'archive RAR : extrayez-la, puis zippez les fichiers de la couche des communes (.shp, .dbf, .prj et .cpg) et importez ce .zip.',
  },
  sqlite: {
    magic: ['SQLite format 3\0'],
    what: 'base SQLite ou GeoPackage (.gpkg)',
    geometry:
      'base SQLite ou GeoPackage (.gpkg), que l’application ne lit pas : exportez la couche des communes en GeoJSON ou en ' +
      'Shapefile (par exemple avec QGIS ou ogr2ogr) et importez ce fichier.',
  },
  // "PAR1" then the compact Thrift header of the first page (or of the footer): field 1, i32. The fifth
  // byte keeps a text that happens to begin with PAR1 a text.
  parquet: {
    magic: ['PAR1\x15'],
    what: 'fichier Parquet',
    data: 'fichier Parquet, que l’import ne lit pas : importez le fichier d’origine du producteur (CSV, zip ou classeur).',
    geometry:
      'fichier Parquet (peut-être un GeoParquet), que l’application ne lit pas comme géométrie : exportez la couche des communes ' +
      'en GeoJSON ou en Shapefile (par exemple avec QGIS ou ogr2ogr) et importez ce fichier.',
  },
  // ESRI Shapefile main file (file code 9994, big-endian).
  shp: {
    magic: [[0x00, 0x00, 0x27, 0x0a]],
    what: 'couche Shapefile (.shp)',
    geometry: 'fichier .shp seul : la géométrie sans ses attributs ni sa projection. Zippez ensemble le .shp, le .dbf, le .prj et le .cpg de la couche et importez ce .zip.',
  },
  // Byte order marks: "Texte Unicode" saved by Excel.
  utf16le: { magic: [[0xff, 0xfe]], what: 'texte Unicode (UTF-16)', refusal: 'texte Unicode (UTF-16) : enregistrez-le en UTF-8 et recommencez.' },
  utf16be: { magic: [[0xfe, 0xff]], what: 'texte Unicode (UTF-16)', refusal: 'texte Unicode (UTF-16) : enregistrez-le en UTF-8 et recommencez.' },
  // Zips told by their members (archiveContent).
  xlsx: { what: 'classeur Excel (.xlsx)' },
  ods: {
    what: 'classeur OpenDocument (.ods)',
    data: 'classeur OpenDocument (.ods), que l’application ne lit pas : enregistrez-le en .xlsx ou la feuille de données en CSV (séparateur point-virgule).',
  },
  office: { what: 'document bureautique (Word, OpenDocument…)' },
  // Told by what the bytes are not.
  empty: { what: 'fichier vide', refusal: 'fichier vide (0 octet) : le téléchargement a sans doute été interrompu. Retéléchargez-le.' },
  html: {
    what: 'page web (HTML)',
    refusal: 'page web (HTML) enregistrée à la place du fichier : le téléchargement a échoué ou le lien a expiré. Retéléchargez le fichier depuis la page du producteur.',
  },
  binary: { what: 'fichier binaire', refusal: 'fichier binaire non reconnu, pas un fichier texte : vérifiez que vous avez choisi le bon fichier.' },
  text: { what: 'fichier texte' },
};

function startsWith(head: Uint8Array, magic: number[] | string): boolean {
  const bytes = typeof magic === 'string' ? Array.from(magic, (c) => c.charCodeAt(0)) : magic;
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * What the first bytes of a file say it is (a NUL byte in a file without signature: binary). A web page
 * is told apart from text: portals answer an expired download link with an HTML page saved under the
 * file's name. A zip is 'zip' here; archiveContent tells workbooks and documents from its members.
 */
export function sniffContent(head: Uint8Array): Content {
  if (head.length === 0) return 'empty';
  for (const [content, { magic }] of Object.entries(SIGNATURES) as [Content, Signature][]) {
    if (magic?.some((m) => startsWith(head, m))) return content;
  }
  if (head.includes(0)) return 'binary';
  const start = new TextDecoder('latin1').decode(head.subarray(0, 512)).replace(/^\uFEFF|^ï»¿/, '');
  return /^\s*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(start) ? 'html' : 'text';
}

/**
 * What a zip is, from its member names and the text of its `mimetype` member: an .xlsx workbook
 * (ECMA-376 part 1: xl/workbook.xml), an OpenDocument spreadsheet (its mimetype), another Office or
 * OpenDocument document ([Content_Types].xml of ECMA-376 part 2, or a mimetype), else 'zip'.
 */
export function archiveContent(names: readonly string[], mimetype = ''): Content {
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  if (mimetype.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (names.includes('[Content_Types].xml') || names.includes('mimetype')) return 'office';
  return 'zip';
}

/** Old Office files that are no workbook, told by their name (their content is OLE2 like an .xls). */
const OLD_OFFICE_DOCUMENT = /\.(docx?|ppt|msg)$/i;

/** What a file is, in French; its name refines an .xlsx met as a zip member and an old Office document. */
function describe(content: Content, name: string): string {
  if (content === 'zip' && /\.xlsx$/i.test(name)) return SIGNATURES.xlsx.what;
  if (content === 'ole2' && OLD_OFFICE_DOCUMENT.test(name)) return 'document Office ancien format ou protégé par mot de passe';
  return SIGNATURES[content].what;
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
  pathologies: 'le fichier « effectifs » de la Cartographie des pathologies de l’Assurance Maladie (CSV séparé par des points-virgules)',
  projections: 'les projections de population départementales de l’INSEE (Omphale, classeur donnees_det_*.xlsx)',
};

/**
 * Why a file that is not commune geometry is refused, with what to do (French, without the file name).
 * Shared with geometry-archive.ts, which meets the same contents inside a gzip or a zip.
 */
export function geometryRefusal(content: Content): string {
  const { what, refusal, geometry } = SIGNATURES[content];
  return geometry ?? `${refusal ?? `${what} : ce n’est pas une géométrie de communes.`} ${GEOMETRY_ADVICE}`;
}

/** The refusal of a file that is not data of `kind`, saying what it is and what to do. */
function refusalMessage(content: Content, name: string, kind: SourceKind): string {
  if (kind === 'geometrie') return geometryRefusal(content);
  const signature = SIGNATURES[content];
  // An old Word or PowerPoint file does not get the workbook's advice.
  const reason = content === 'ole2' && OLD_OFFICE_DOCUMENT.test(name) ? undefined : (signature.data ?? signature.refusal);
  return `${reason ?? `${describe(content, name)}, pas un fichier de données.`} Attendu : ${EXPECTED[kind]}.`;
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

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
  const content = sniffContent(head ?? (await readPrefix(source, HEAD_BYTES, signal)));
  switch (content) {
    case 'text':
    case 'gzip':
      return [source];
    case 'utf16le':
    case 'utf16be': {
      const utf8 = decodedSource(source, content === 'utf16be' ? 'utf-16be' : 'utf-16le');
      return [{ ...utf8, notes: [`Fichier « ${source.name} » : texte Unicode (UTF-16) converti en UTF-8.`] }];
    }
    case 'zip':
      return unpackZip(source, kind, signal, depth);
    default:
      return failFile(source.name, refusalMessage(content, source.name, kind));
  }
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
    failFile(source.name, ZIP_DAMAGED);
  }
  const sizes = centralDirectorySizes(concatBytes(tail), total);
  return members.map(({ parts, got: _got, ...member }) => {
    const head = concatBytes(parts);
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
          failFile(name, ZIP_DAMAGED);
        }
        if (failure) failFile(name, `membre illisible (${failure.message}) : extrayez-le avec votre outil d’archives et importez-le.`);
      };
      for await (const chunk of archive.stream()) {
        if (signal?.aborted) throw new ImportCancelled();
        push(chunk, false);
        while (out.length > 0) yield out.shift()!;
        if (complete) return;
      }
      push(new Uint8Array(0), true);
      while (out.length > 0) yield out.shift()!;
      if (!complete) failFile(name, ZIP_DAMAGED);
    },
  };
}

/** Why a member is not a data file, or null when it may be one. */
function ignoreReason(member: ZipMember): string | null {
  const base = basename(member.name);
  if (['png', 'jpeg', 'gif', 'tiff'].includes(member.content)) return 'image';
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
    failFile(archive, `archive zip contenant ${listMembers(members)} : aucun fichier de données reconnu. Attendu : ${EXPECTED[kind]}.`);
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
      failFile(
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
    failFile(
      archive,
      `archive zip sans fichier PS_LibreAcces_Personne_activite (elle contient ${listMembers(members)}). ` +
        `Attendu : ${EXPECTED.rpps}.`,
    );
  }
  for (const found of [personne, savoirFaire]) {
    if (found.length > 1) {
      failFile(archive, `archive zip contenant plusieurs fichiers du même type (${quoteList(found.map((m) => m.name))}) : extrayez celui qui convient et importez-le seul.`);
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
  const mimetype = listing.find((m) => m.name === 'mimetype');
  const content = archiveContent(listing.map((m) => m.name), mimetype && new TextDecoder().decode(mimetype.head));
  if (content === 'xlsx' && kind !== 'geometrie') return workbookSources(await readAll(source, signal), source.name, kind, EXPECTED[kind], signal);
  if (content !== 'zip') failFile(source.name, refusalMessage(content, source.name, kind));
  // The geometry import reads Shapefile deliveries itself (layers paired by base name).
  if (kind === 'geometrie') return [source];
  const members = listing.filter((m) => !isJunk(m.name));
  if (members.length === 0) failFile(source.name, `archive zip vide. Attendu : ${EXPECTED[kind]}.`);
  if (depth >= MAX_DEPTH) failFile(source.name, 'archive zip imbriquée dans d’autres archives : extrayez le fichier de données et importez-le.');
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

