// File names made from what a user typed or from a file's name: the one home of these rules for the
// main process, the browser version, the import process and the DB worker. Pure ECMAScript.
import { foldAccents, foldForSearch } from './text';

/** The extension of scenario files (DATA_SPEC: scenario format). */
export const SCENARIO_EXTENSION = '.tsante.json';

/**
 * Lower-case ASCII words joined by « - » (accents folded), at most `max` characters cut at a word
 * boundary when one is there; '' when nothing is left. For exported file names:
 * « Maison de santé à Stenay » → « maison-de-sante-a-stenay ».
 */
export function fileSlug(text: string, max = 40): string {
  const slug = foldForSearch(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length <= max ? slug : slug.slice(0, max).replace(/-+[^-]*$/, '') || slug.slice(0, max);
}

/**
 * The name of a custom grid from its file name: without the .csv/.txt(.gz) extension, accents folded,
 * in the characters a grid name allows (A–Z, a–z, 0–9, « _ », « - »), at most 40; « perso » when
 * nothing is left. « CPTS Nord-Meusienne.csv » → « CPTS-Nord-Meusienne ». Same rule for the browser
 * import (workers/db/duckdb.worker.ts) and the desktop import process (electron/import-process).
 */
export function customGridName(fileName: string): string {
  const base = fileName.replace(/\.(csv|txt)(\.gz)?$/i, '');
  return foldAccents(base).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'perso';
}

/**
 * A scenario file name usable on every platform, from a scenario name: accents kept (NFC), no path
 * separators, characters reserved on Windows or control characters (each becomes a space), spaces
 * folded, at most 120 characters before the extension, no leading or trailing dot or space (hidden on
 * Unix, refused on Windows), no Windows device name; « scénario » when nothing is left. A name that
 * already ends with the scenario extension or « .json » keeps one scenario extension.
 * Only a default for a save dialog or a download: the user may change it.
 */
export function scenarioFileName(suggested: string): string {
  let stem = Array.from(suggested.normalize('NFC'), (c) =>
    // Reserved on Windows, separators everywhere, control characters.
    '<>:"/\\|?*'.includes(c) || c.charCodeAt(0) < 0x20 || c === '\u007f' ? ' ' : c,
  )
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  if (stem.toLowerCase().endsWith(SCENARIO_EXTENSION)) stem = stem.slice(0, -SCENARIO_EXTENSION.length);
  else if (stem.toLowerCase().endsWith('.json')) stem = stem.slice(0, -'.json'.length);
  stem = stem.slice(0, 120).replace(/[. ]+$/, '').replace(/^[. ]+/, '');
  if (stem === '' || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) stem = `scénario${stem ? ` ${stem}` : ''}`;
  return `${stem}${SCENARIO_EXTENSION}`;
}
