// The data sheet(s) of an .xlsx workbook as `;` CSV sources: INSEE workbooks carry title rows above the
// header and one sheet per census. The header row is found by its column names (not a fixed number of
// title rows), cells are kept as text ("01" stays "01"), numbers as written. Read with read-excel-file,
// one sheet at a time. Platform-free: runs in Node (CLI, utility process) and in the browser worker.
import { unzipSync, zipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { formatCsv, formatPlainNumber } from '../../common/csv';
import type { SourceKind } from '../../common/pack';
import { foldAccents } from '../../common/text';
import type { UnpackedSource } from './containers';
import { failFile, ImportCancelled, plural, quoteList } from './source-reader';

/** Header rows are searched among the first rows of a sheet (INSEE puts 5 to 13 title rows above). */
const MAX_TITLE_ROWS = 200;

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
  // INSEE Omphale 2022 donnees_det_{Scenario}.xlsx: sheet Population (the Documentation sheet has no such row).
  projections: { header: (n) => has('ZONE', 'SEXE', 'TRAGE')(n) && n.some((c) => /^POP_\d{4}$/.test(c)), columns: 'ZONE, SEXE, TRAGE, POP_AAAA' },
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

const headerName = (cell: Cell) => foldAccents(cellText(cell)).trim().toUpperCase();

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
    return failFile(file, `classeur Excel illisible (feuille « ${sheet.name} ») : rouvrez-le dans Excel ou LibreOffice et réenregistrez-le en .xlsx.`);
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

/**
 * The data sheet(s) of an .xlsx workbook (`bytes`, whole) as CSV sources named "<file> (feuille <sheet>)",
 * UTF-8, with a note for the report. Which sheets: those whose header row (among the first 200 rows) has
 * the kind's columns (SHEET_RULES); for population the latest `COM_YYYY` that does. Throws ImportError
 * (French; `expected` says what the kind's file should be) for a kind not read from workbooks (RPPS, Open
 * DAMIR), an unreadable workbook, one without such a sheet, or several where one is wanted.
 */
export async function workbookSources(bytes: Uint8Array, file: string, kind: SourceKind, expected: string, signal?: AbortSignal): Promise<UnpackedSource[]> {
  const rule = SHEET_RULES[kind];
  if (!rule) failFile(file, `classeur Excel (.xlsx) : ce type de données ne se lit pas dans un classeur. Attendu : ${expected}.`);
  let sheets: SheetInfo[];
  try {
    sheets = workbookSheets(bytes);
  } catch {
    return failFile(file, 'classeur Excel illisible (fichier abîmé ?) : rouvrez-le dans Excel ou LibreOffice et réenregistrez-le en .xlsx.');
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
    failFile(file, `classeur Excel sans feuille de données reconnue (ligne d’en-tête avec les colonnes ${rule.columns}) ; feuilles : ${sheetList}. Attendu : ${expected}.`);
  }
  if (found.length > 1 && !rule.all) {
    failFile(file, `classeur Excel avec plusieurs feuilles de données possibles (${quoteList(found.map((f) => f.sheet.name))}) : enregistrez celle qui convient en CSV et importez-la.`);
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
