// Texts of the exports as a reader outside the project reads them (issue 13): no internal references
// (« DATA_SPEC §G.5 », « docs/….md », source paths) and no npm package paths for source files, while
// the real publishers and datasets stay named. Applied to every source text the report and the
// workbook print, whichever module wrote it (engine reference values, pack manifests, scenarios).

/** Readable names of the packages some packs take their files from (npm:<package>@<version>/<path>). */
const PACKAGE_NAMES: Record<string, string> = {
  '@etalab/decoupage-administratif': 'Découpage administratif de la France, Etalab (base officielle du COG de l’INSEE)',
};

/**
 * A source file name as a reader knows it: `npm:@etalab/decoupage-administratif@6.0.0/data/communes.json`
 * becomes « communes.json — Découpage administratif de la France, Etalab (…), version 6.0.0 »; other
 * names are returned as they are.
 */
export function plainFileName(file: string): string {
  const match = /^npm:((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/(?:.*\/)?([^/]+)$/.exec(file);
  if (!match) return file;
  const [, name, version, base] = match;
  return `${base} — ${PACKAGE_NAMES[name] ?? `jeu de données « ${name.replace(/^@/, '')} »`}, version ${version}`;
}

/**
 * A source or warning text without internal references: parentheses that only point into the project
 * (« (DATA_SPEC §G.3) », « (voir docs/x.md) », « (workers/engine/reference.ts) ») and « Voir docs/x.md. »
 * are dropped, a leading « DATA_SPEC §G.3 option a : » and one in a list (« (DATA_SPEC §G.5, u non confirmé) »)
 * are dropped, a bare « DATA_SPEC §… » becomes
 * « méthode Territoire Santé », npm file paths become plainFileName.
 */
export function plainText(text: string): string {
  const internal = String.raw`(?:DATA_SPEC|ENGINEERING|PRODUCT)(?:\.md)?(?:\s*§\s*[\w.–-]+(?:\s*,\s*§\s*[\w.–-]+)*)?|(?:\.\.\/)*(?:docs|workers|renderer|common|build|shared)\/[\w./§-]+`;
  let out = text
    .replace(new RegExp(String.raw`\s*\((?:voir\s+)?(?:${internal})(?:\s+§\s*[\w.–-]+)?\)`, 'gi'), '')
    .replace(new RegExp(String.raw`\s*Voir\s+(?:${internal})(?:\s+§\s*[\w.–-]+)?\s*\.?`, 'g'), '')
    .replace(new RegExp(String.raw`^(?:${internal})(?:\s+option\s+\w+)?\s*:\s*`), '')
    .replace(new RegExp(String.raw`(?:${internal})\s*[,;]\s*`, 'g'), '')
    .replace(new RegExp(internal, 'g'), 'méthode Territoire Santé')
    .replace(/npm:(?:@[^/@\s]+\/)?[^/@\s]+@[^/\s]+\/[^\s)]+/g, (path) => plainFileName(path));
  out = out.replace(/\s{2,}/g, ' ').trim();
  return out;
}
