// Printable report: one self-contained HTML file (inline CSS with print rules, inline SVG map or the
// app's PNG as a data URL, no external request), in French, A4 landscape. Issue 13: a first page a
// planner or an elected official reads alone (the question, the map, the key figures before and after,
// the levers: report-first-page.ts), then the comparison, the levers with their sources, the diagnostic
// tables, and an annex at the end (provenance and source files, parameters, reference assumptions,
// score sources, method). Every source text goes through plainText: no internal references for
// readers. Printing it to PDF from any browser gives the PDF report.
import { formatDateTime, formatDecimal, formatFixed, formatPercent } from '../../common/format-fr';
import type { PathwayReport } from '../engine/pathway-report';
import { PATHOLOGY_LABELS } from '../engine/pathways';
import { pathwayColumns, pathwayTotal, shownPathwayRows } from './pathway-columns';
import { isTotalRow, type ComparisonRow, type ComparisonTable, type DashboardRow, type DashboardTable } from '../engine/dashboard';
import { SPECIALTIES, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../engine/domain';
import { comparisonAlertColumns, dashboardAlertColumns, dashboardColumns, displayedCell, displayedDifference, flaggedRows, NO_VALUE, specialtyShortLabel, withTotal, type AlertSetting, type Column } from './columns';
import { thresholdsText } from '../engine/alerts';
import { DEMO_LABEL, type ExportContext, type SourcedRow } from './context';
import type { MapInput } from './geometry';
import { plainFileName, plainText } from './plain-text';
import { firstPageHtml, scopeText } from './report-first-page';
import { changeLabels, choroplethSvg, escapeXml } from './svg-map';

export interface ReportInput {
  table: DashboardTable;
  comparison?: ComparisonTable | null;
  context: ExportContext;
  /** Specialties of the detail tables (default: all nine). */
  specialties?: readonly string[];
  /** Specialty drawn on the map (default: the first of `specialties`). */
  mapSpecialty?: string;
  /** Geometry for the SVG map; no map without it (unless mapImage). */
  map?: MapInput | null;
  /** PNG data URL of the app's map (`data:image/png;base64,…`), used instead of the SVG. */
  mapImage?: string | null;
  /** Follow-up over time: the two packs compared (« before » is pack A's baseline, « after » pack B's), with their sources and vintages. */
  packs?: { before: ComparedPack; after: ComparedPack } | null;
  /** Alert thresholds: a section « Alertes » with the thresholds and the territories flagged. */
  alerts?: AlertSetting | null;
  /** Care pathways (« Parcours de soins » tab): the programme and its need per territory. */
  pathways?: PathwayReport | null;
}

/** « Parcours de soins »: the method, the programme with its sources, and the pathway table of the rows in scope. */
function pathwaysSection(report: PathwayReport): string {
  const rows = shownPathwayRows(report);
  const programme = report.programme.pathologies
    .flatMap((pathology) =>
      pathology.strata.map((stratum) => {
        const acts = report.specialties
          .filter((s) => (stratum.acts[s] ?? 0) > 0)
          .map((s) => `${specialtyShortLabel(s)} ${formatDecimal(stratum.acts[s] ?? 0)}`)
          .join(' ; ');
        const sources = [`part : ${stratum.shareSource}`, ...Object.entries(stratum.actsSource).map(([s, source]) => `${specialtyShortLabel(s as Specialty)} : ${source}`)].join(' — ');
        return `<tr><td>${e(PATHOLOGY_LABELS[pathology.id])}</td><td>${e(stratum.label)}</td><td class="n">${e(formatPercent(stratum.share, 1))}</td><td>${e(acts)}</td><td>${e(sources)}</td></tr>`;
      }),
    )
    .join('\n');
  return `<h2 class="section" id="parcours">Parcours de soins — ${e(report.programme.name)}</h2>
<p>Personnes traitées pour un diabète ou une insuffisance cardiaque : prévalence du département par âge (${e(plainText(report.source))}${report.years ? `, ${report.years}` : ''}) × population de la commune par âge, réparties en strates ; chaque strate a un programme de suivi en actes par personne et par an. ${report.notDeliverable} territoire${report.notDeliverable > 1 ? 's' : ''} sur ${rows.length} ne peu${report.notDeliverable > 1 ? 'vent' : 't'} pas assurer tout le programme avec l’offre qui reste après le besoin selon l’âge.</p>
${report.gaps.map((gap) => `<p class="note">${e(gap)}</p>`).join('\n')}
<p class="note">Le recours actuel (Open DAMIR) contient déjà une partie de ces suivis : « non réalisable » est une lecture prudente. Fréquences : suivi minimal des guides de parcours ; parts des strates : hypothèses sauf mention contraire. Méthode : docs/parcours.md.</p>
<table><thead><tr><th>Pathologie</th><th>Strate</th><th class="n">Part</th><th>Actes par personne et par an</th><th>Sources</th></tr></thead><tbody>
${programme}
</tbody></table>
${htmlTable(pathwayColumns(report), [...rows, pathwayTotal(report, rows)], { isTotal: (row) => row.total !== undefined })}`;
}

/** A pack of a pack comparison as the report names it (workers/db/pack-comparison.ts PackSide). */
export interface ComparedPack {
  label: string;
  sources: string[];
}

/** « Paquets comparés »: both packs with their sources and vintages, and the territories only one has. */
function packsSection(
  packs: NonNullable<ReportInput['packs']>,
  comparison: ComparisonTable & { onlyBefore?: { code: string; label: string }[]; onlyAfter?: { code: string; label: string }[]; populationShift?: { label: string; population: number; populationBefore: number }[] },
): string {
  const side = (name: string, p: ComparedPack) => `<h3>${e(name)} : ${e(p.label)}</h3>\n<ul>${p.sources.map((s) => `<li>${e(plainText(s))}</li>`).join('')}</ul>`;
  const unmatched = (list: { code: string; label: string }[] | undefined, text: string) =>
    list && list.length ? `<p class="note">${list.length} territoire${list.length > 1 ? 's' : ''} ${text} (hors du tableau et des totaux) : ${list.map((t) => `${e(t.label)} (${e(t.code)})`).join(', ')}.</p>` : '';
  return `<h2 class="section">Suivi dans le temps — paquets comparés</h2>
<p class="note">« Avant » est la situation de référence du paquet A, « après » celle du paquet B, chacun avec sa propre productivité dérivée. Les territoires sont rapprochés par leur code ; un territoire présent (ou peuplé) dans un seul paquet est listé à part, jamais compté comme nul.</p>
${side('Paquet A (avant)', packs.before)}
${side('Paquet B (après)', packs.after)}
${unmatched(comparison.onlyBefore, 'seulement dans le paquet A ou sans habitants dans le paquet B')}
${unmatched(comparison.onlyAfter, 'seulement dans le paquet B ou sans habitants dans le paquet A')}
${comparison.populationShift?.length ? `<p class="note"><strong>Attention</strong> : la population de ${comparison.populationShift.length} territoire${comparison.populationShift.length > 1 ? 's' : ''} change de plus de 10 % entre les deux paquets (${comparison.populationShift.map((t) => `${e(t.label)} : ${e(formatFixed(t.populationBefore, 0))} → ${e(formatFixed(t.population, 0))}`).join(' ; ')}) : vérifiez que les deux paquets couvrent les mêmes communes (import partiel ?) avant de lire la différence.</p>` : ''}`;
}

/** « Alertes »: the thresholds used and the territories below them (the state followed: the comparison's « after », else the diagnostic). */
function alertsSection(alerts: AlertSetting, table: DashboardTable, comparison: ComparisonTable | null | undefined): string {
  const flagged = comparison ? flaggedRows(comparison.rows, comparisonAlertColumns(alerts)) : flaggedRows(table.rows, dashboardAlertColumns(alerts));
  const of = comparison ? 'la situation « après »' : 'la situation de référence';
  const rows = flagged.map((f) => `<tr><td>${e(f.code)}</td><td>${e(f.label)}</td><td>${e(f.reasons)}</td></tr>`).join('\n');
  return `<h2 class="section" id="alertes">Alertes</h2>
<p>Seuils utilisés : ${e(thresholdsText(alerts.thresholds, alerts.specialty))}. Ils portent sur ${of}.${alerts.thresholds.apl.enabled && !alerts.aplByCode ? ' APL non calculée : le seuil d’APL n’a signalé aucun territoire.' : ''}</p>
<p><strong>${flagged.length} territoire${flagged.length > 1 ? 's' : ''} sous un seuil</strong> sur ${comparison ? comparison.rows.length : table.rows.length}.</p>
${flagged.length ? `<div class="wide"><table><thead><tr><th>Code</th><th>Libellé</th><th>Alerte</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>` : ''}`;
}

const e = escapeXml;

const CSS = `
:root { color-scheme: light; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a; margin: 24px auto; max-width: 1180px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #54278f; padding-bottom: 3px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.meta { color: #444; margin: 2px 0; }
.demo { display: inline-block; background: #fee0b6; border: 1px solid #b35806; color: #7a3b00; font-weight: 600; padding: 2px 8px; border-radius: 3px; margin: 6px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 12px; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; vertical-align: top; }
th { background: #f0eef6; text-align: left; font-weight: 600; }
th.g { text-align: center; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
th.n { min-width: 5.5em; }
tr.total td { font-weight: 700; background: #f6f6f6; }
.wide { overflow-x: auto; }
.note { color: #555; font-size: 12px; }
figure { margin: 8px 0; }
figure img { max-width: 100%; }
ul.levers li { margin-bottom: 6px; }
.first-page h1.question { font-size: 26px; margin: 0 0 6px; color: #2d1653; }
.first-page .lead { font-size: 15px; margin: 4px 0 6px; }
.first-page h2 { margin-top: 4px; }
.first-grid { display: grid; grid-template-columns: minmax(0, 58fr) minmax(0, 42fr); gap: 18px; align-items: start; margin-top: 8px; }
.first-map figure { margin: 0; }
.first-map img, .first-map svg { max-width: 100%; height: auto; }
table.key-figures { font-size: 13px; width: 100%; }
table.key-figures td.n { font-size: 15px; white-space: nowrap; }
table.key-figures .note { font-size: 11px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5px; }
  h2 { break-after: avoid; }
  h2.section { break-before: page; }
  table { font-size: 8.5px; }
  th, td { padding: 2px 3px; }
  th.n { min-width: 0; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  .wide { overflow: visible; }
  .first-page { break-after: page; }
  .first-page h1.question { font-size: 20px; }
  .first-page .lead { font-size: 12px; }
  .first-map img, .first-map svg { max-height: 128mm; width: auto; }
  table.key-figures { font-size: 10px; }
  table.key-figures td.n { font-size: 11.5px; }
  table.key-figures .note { font-size: 9px; }
  table.key-figures th, table.key-figures td { padding: 3px 4px; }
}
`;

const dateFr = (iso: string | null): string => {
  if (!iso) return 'non connue';
  return formatDateTime(iso);
};

interface TableOptions<Row> {
  isTotal?: (row: Row) => boolean;
  /** Shorter header of a column under a group header (first header row). */
  group?: (column: Column<Row>) => { group: string; header: string } | null;
}

function htmlTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], options: TableOptions<Row> = {}): string {
  const isTotal = options.isTotal ?? (() => false);
  const groups = columns.map((c) => options.group?.(c) ?? null);
  let head = columns.map((c, i) => `<th${c.kind === 'number' ? ' class="n"' : ''}>${e(groups[i]?.header ?? c.header)}</th>`).join('');
  if (groups.some((g) => g !== null)) {
    // First row: group headers spanning their columns; ungrouped columns span both rows.
    const top: string[] = [];
    const bottom: string[] = [];
    columns.forEach((c, i) => {
      const g = groups[i];
      const cls = c.kind === 'number' ? ' class="n"' : '';
      if (!g) top.push(`<th rowspan="2"${cls}>${e(c.header)}</th>`);
      else {
        if (i === 0 || groups[i - 1]?.group !== g.group) {
          let span = 1;
          while (i + span < columns.length && groups[i + span]?.group === g.group) span++;
          top.push(`<th colspan="${span}" class="g">${e(g.group)}</th>`);
        }
        bottom.push(`<th${cls}>${e(g.header)}</th>`);
      }
    });
    head = `${top.join('')}</tr><tr>${bottom.join('')}`;
  }
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => `<td${c.kind === 'number' ? ' class="n"' : ''}>${e(displayedCell(c, row))}</td>`).join('');
      return `<tr${isTotal(row) ? ' class="total"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function sourcedTable(rows: readonly SourcedRow[], withValue = true): string {
  const head = withValue ? '<th>Élément</th><th>Valeur</th><th>Source</th>' : '<th>Élément</th><th>Source</th>';
  const body = rows.map((r) => `<tr><td>${e(r.name)}</td>${withValue ? `<td>${e(r.value)}</td>` : ''}<td>${e(plainText(r.source))}</td></tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function resolveSpecialties(ids?: readonly string[]): Specialty[] {
  const list = ids && ids.length > 0 ? ids : SPECIALTIES;
  return list.map((id) => {
    if (specialtyIndex(id) < 0) throw new Error(`Spécialité inconnue « ${id} » (attendu : ${SPECIALTIES.join(', ')}).`);
    return id as Specialty;
  });
}

type SourceRow = ExportContext['pack']['sources'][number];

/** Consecutive monthly files of one producer (Open DAMIR « flux AAAAMM ») on one line. */
export function groupMonthlySources(sources: readonly SourceRow[]): SourceRow[] {
  const out: SourceRow[] = [];
  let run: SourceRow[] = [];
  const flush = () => {
    if (run.length > 2) {
      const first = run[0], last = run[run.length - 1];
      out.push({ file: `${first.file} à ${last.file} (${run.length} fichiers)`, vintage: `${first.vintage} à ${last.vintage.replace(/^flux /, '')}`, publisher: first.publisher });
    } else out.push(...run);
    run = [];
  };
  for (const source of sources) {
    if (!/^flux \d{6}$/.test(source.vintage) || (run.length > 0 && run[0].publisher !== source.publisher)) flush();
    if (/^flux \d{6}$/.test(source.vintage)) run.push(source);
    else out.push(source);
  }
  flush();
  return out;
}

function provenance(context: ExportContext): string {
  const pack = context.pack;
  const sources = groupMonthlySources(pack.sources)
    .map((s) => `<tr><td>${e(plainFileName(s.file))}</td><td>${e(s.vintage)}</td><td>${e(s.publisher)}</td></tr>`)
    .join('\n');
  const warnings = pack.warnings.length > 0 ? `<h3>Avertissements du paquet</h3><ul>${pack.warnings.map((w) => `<li>${e(plainText(w))}</li>`).join('')}</ul>` : '';
  return `<h3>Provenance des données</h3>
<p>Paquet de données : <strong>${e(pack.label)}</strong> (identifiant ${e(pack.id)}).${pack.demo ? ` <span class="demo">${DEMO_LABEL}</span> : chiffres estimés à partir de marges publiques réelles, pas de données nationales de santé.` : ''}</p>
<p>Date d’import du paquet : ${e(dateFr(pack.date))}.</p>
<h3>Fichiers sources et millésimes</h3>
<table><thead><tr><th>Fichier</th><th>Millésime</th><th>Producteur</th></tr></thead><tbody>
${sources || `<tr><td colspan="3">${NO_VALUE}</td></tr>`}
</tbody></table>
${warnings}`;
}

/**
 * The maps of the report: `first`, the one of the first page (the app's PNG when given, else the SVG
 * of the difference when comparing, else of the gap), and `others`, the SVG gap map before the
 * scenario when comparing (with the classes' note), for the pages after.
 */
function maps(input: ReportInput, table: DashboardTable, specialty: Specialty): { first: string; others: string } {
  const s = specialtyIndex(specialty);
  const where = table.departement ? ` — territoires touchant le département ${table.departementLabel ?? ''} (${table.departement})` : '';
  if (input.mapImage) {
    if (!/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(input.mapImage)) throw new Error('Image de carte invalide : une URL de données PNG (data:image/png;base64,…) est attendue.');
    return { first: `<figure><img alt="${e(`Carte — ${table.gridLabel}${where}`)}" src="${input.mapImage}"><figcaption class="note">Carte de l’application au moment de l’export.</figcaption></figure>`, others: '' };
  }
  if (!input.map) return { first: '', others: '' };
  const name = SPECIALTY_LABELS[specialty].toLowerCase();
  const note = '<p class="note">Classes symétriques autour de 0 (±m et ±m/4, m = 90e centile des valeurs absolues arrondi), comme sur la carte de l’application ; gris : sans valeur. Territoires dessinés par leurs communes.</p>';
  const gapMap = choroplethSvg({
    map: input.map,
    territories: table.rows.map((r) => r.territory),
    values: table.rows.map((r) => r.specialties[s].gapFte),
    title: `Écart en ETP de ${name} — ${input.context.beforeTitle.toLowerCase()} — ${table.gridLabel}${where}`,
    unit: 'ETP',
  });
  if (!input.comparison) return { first: `<figure>${gapMap}</figure>`, others: '' };
  const changeMap = choroplethSvg({
    map: input.map,
    territories: input.comparison.rows.map((r) => r.territory),
    values: input.comparison.rows.map((r) => r.specialties[s].deltaGapFte),
    title: `Variation de l’écart en ETP de ${name} — ${input.context.afterTitle ?? ''} par rapport à : ${input.context.beforeTitle.toLowerCase()}`,
    unit: 'ETP',
    labels: changeLabels,
  });
  return { first: `<figure>${changeMap}</figure>`, others: `<h2 class="section">Carte de l’écart avant le scénario</h2>\n<figure>${gapMap}</figure>\n${note}` };
}

function diagnosticSection(table: DashboardTable, specialties: Specialty[], context: ExportContext): string {
  const all = dashboardColumns(specialties);
  const isTotal = isTotalRow;
  const rows = withTotal(table);
  const summaryIds = new Set(['code', 'libelle', 'population', 'nb_communes', 'nb_msp', 'nb_cds', 'score_pa', 'score_ald', 'score_urgence', ...specialties.map((s) => `${s}_etp_manquants`)]);
  const summary = all.filter((c) => summaryIds.has(c.id));
  const fteGroup = (c: Column<DashboardRow>) => (c.specialty ? { group: 'ETP manquants', header: specialtyShortLabel(c.specialty) } : null);
  const details = specialties
    .map((s) => {
      const columns = all.filter((c) => c.id === 'code' || c.id === 'libelle' || c.specialty === s);
      return `<h3>${e(SPECIALTY_LABELS[s])} (productivité : ${e(formatFixed(table.productivity[specialtyIndex(s)], 0))} actes par ETP et par an)</h3>\n${htmlTable(columns, rows, { isTotal })}`;
    })
    .join('\n');
  const where = table.departement ? `, territoires comptant au moins une commune de ${e(table.departementLabel ?? 'département')} (${e(table.departement)})` : '';
  return `<h2 class="section">Tableau de diagnostic — ${e(context.beforeTitle)}</h2>
<p class="note">Maillage : ${e(table.gridLabel)}${where} ; ${table.rows.length} territoires. Écarts négatifs : déficit. « ${e(table.total.label)} » : total des ${table.rows.length} lignes du tableau (actes à couvrir et ETP manquants : sommes des déficits des territoires).${table.departementTotal ? ` « ${e(table.departementTotal.label)} » : les seules communes du département, prises comme un territoire (chiffres de la ligne du département au maillage départemental).` : ''} Chiffres arrondis une fois à l’affichage : un total est calculé sur les valeurs exactes, pas sur les lignes arrondies (le CSV garde deux décimales pour les ETP, le XLSX toute la précision).</p>
<h3>Synthèse : population, structures, scores et ETP manquants</h3>
${htmlTable(summary, rows, { isTotal, group: fteGroup })}
${details}`;
}

function scenarioSection(context: ExportContext): string {
  if (context.scenarios.length === 0) return '';
  const blocks = context.scenarios.map((scenario) => {
    // A source shared by consecutive levers (a laisser-faire horizon: one per département and specialty)
    // is written once, after the last of them.
    const items = scenario.levers.map((l, i) => {
      const next = scenario.levers[i + 1];
      const source = next && next.source === l.source ? '' : `<br><span class="note">Source${i > 0 && scenario.levers[i - 1].source === l.source ? ' (des leviers qui précèdent)' : ''} : ${e(plainText(l.source))}</span>`;
      return `<li><strong>${e(l.label)}</strong>${l.enabled ? '' : ' (désactivé)'} — ${e(l.description)}${source}</li>`;
    });
    const levers = scenario.levers.length === 0 ? '<p>Aucun levier.</p>' : `<ul class="levers">${items.join('\n')}</ul>`;
    return `<h3>${e(scenario.name)}</h3>${scenario.description ? `<p>${e(scenario.description)}</p>` : ''}\n${levers}`;
  });
  return `<h2 class="section">Scénario${context.scenarios.length > 1 ? 's' : ''} et leviers</h2>\n${blocks.join('\n')}`;
}

const kpiNumber = (value: number, decimals: number, signed = false) => e(formatFixed(value, decimals, signed));

function comparisonSection(comparison: ComparisonTable, context: ExportContext, specialties: Specialty[]): string {
  const k = comparison.kpis;
  // What changes outside the rows (a teleconsultation's providers, departures elsewhere): all communes
  // minus the rows, each side rounded as displayed.
  const elsewhere = (i: number) =>
    displayedDifference(comparison.national.gapFteAfter[i] - k.gapFteAfter[i], comparison.national.gapFteBefore[i] - k.gapFteBefore[i], 1);
  const kpiRows = SPECIALTIES.map(
    (s, i) =>
      `<tr><td>${e(SPECIALTY_LABELS[s])}</td><td class="n">${kpiNumber(k.gapFteBefore[i], 1, true)}</td><td class="n">${kpiNumber(k.gapFteAfter[i], 1, true)}</td><td class="n">${kpiNumber(displayedDifference(k.gapFteAfter[i], k.gapFteBefore[i], 1), 1, true)}</td><td class="n">${kpiNumber(elsewhere(i), 1, true)}</td><td class="n">${kpiNumber(k.fteNeededBefore[i], 1)}</td><td class="n">${kpiNumber(k.fteNeededAfter[i], 1)}</td><td class="n">${kpiNumber(k.populationInDeficitBefore[i], 0)}</td><td class="n">${kpiNumber(k.populationInDeficitAfter[i], 0)}</td><td class="n">${kpiNumber(k.externalActsAfter[i], 0)}</td></tr>`,
  ).join('\n');
  const scope = `habitants des ${e(k.deficitTerritories)} dont l’écart est négatif, parmi les ${kpiNumber(k.territories, 0)} du tableau`;
  let apl = '<p class="note">Franchissements des seuils d’APL non calculés pour cet export.</p>';
  if (k.apl) {
    const a = k.apl;
    const transitions = a.transitions.length === 0
      ? '<p>Aucune commune ne change de classe.</p>'
      : `<table><thead><tr><th>APL avant</th><th>APL après</th><th class="n">Communes</th><th class="n">Population</th></tr></thead><tbody>${a.transitions
          .map((t) => `<tr><td>${e(t.from)}</td><td>${e(t.to)}</td><td class="n">${kpiNumber(t.communes, 0)}</td><td class="n">${kpiNumber(t.population, 0)}</td></tr>`)
          .join('')}</tbody></table>`;
    // The thresholds are those of the GPs' zoning (DGOS): for another specialty they are only a yardstick.
    const yardstick = a.specialty === 'MG' ? '' : ' Ces seuils sont ceux du zonage des médecins généralistes ; pour une autre spécialité, ils ne servent que de repère.';
    apl = `<h3>Seuils d’APL (${e(SPECIALTY_LABELS[a.specialty].toLowerCase())} : ${kpiNumber(a.thresholds.zip, 1)} et ${kpiNumber(a.thresholds.vivier, 0)})</h3>
<p>${a.communesCrossing > 0 ? `${kpiNumber(a.communesCrossing, 0)} communes (${kpiNumber(a.populationCrossing, 0)} habitants) changent de classe. ` : ''}${e(yardstick)} APL de ${kpiNumber(a.thresholds.zip, 1)} ou moins : ${kpiNumber(a.communesBelowZipBefore, 0)} communes (${kpiNumber(a.populationBelowZipBefore, 0)} habitants) avant, ${kpiNumber(a.communesBelowZipAfter, 0)} (${kpiNumber(a.populationBelowZipAfter, 0)} habitants) après.</p>
${transitions}`;
  }
  // The difference table shows the chosen specialties that change somewhere (all chosen ones if none does).
  const changing = specialties.filter((s) => comparison.rows.some((r) => r.specialties[specialtyIndex(s)].deltaGapFte !== 0 || r.specialties[specialtyIndex(s)].deltaGapActs !== 0));
  const shown = changing.length > 0 ? changing : specialties;
  // Territories where nothing shown changes are left out (the CSV and XLSX files keep every row).
  const moved = comparison.rows.filter((r) => shown.some((s) => r.specialties[specialtyIndex(s)].deltaGapFte !== 0));
  const rows: ComparisonRow[] = [...moved, ...withTotal(comparison).filter(isTotalRow)];
  const omitted = comparison.rows.length - moved.length;
  const head = `<th>Code</th><th>Libellé</th>${shown.map((s) => `<th class="n">${e(specialtyShortLabel(s))} — écart avant (ETP)</th><th class="n">${e(specialtyShortLabel(s))} — écart après (ETP)</th><th class="n">${e(specialtyShortLabel(s))} — variation (ETP)</th>`).join('')}`;
  const body = rows
    .map((r) => {
      const cells = shown
        .map((s) => {
          const x = r.specialties[specialtyIndex(s)];
          // The change as the difference of the two ends displayed beside it (one rounding rule).
          return `<td class="n">${kpiNumber(x.gapFteBefore, 1, true)}</td><td class="n">${kpiNumber(x.gapFteAfter, 1, true)}</td><td class="n">${kpiNumber(displayedDifference(x.gapFteAfter, x.gapFteBefore, 1), 1, true)}</td>`;
        })
        .join('');
      return `<tr${isTotalRow(r) ? ' class="total"' : ''}><td>${e(r.code)}</td><td>${e(r.label)}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<h2 class="section">Comparaison — ${e(context.afterTitle ?? '')} par rapport à : ${e(context.beforeTitle)}</h2>
<h3>Indicateurs clés</h3>
<p class="note">Écarts et ETP manquants : total des ${kpiNumber(k.territories, 0)} lignes du tableau (ligne « ${e(comparison.total.label)} »). Population en déficit : ${scope}. Variation positive : amélioration ; elle est la différence des deux écarts affichés. « Variation ailleurs » : ce que le scénario change hors des lignes du tableau (par exemple les médecins qui téléconsultent pour ces territoires).</p>
<div class="wide"><table><thead><tr><th>Spécialité</th><th class="n">Écart avant (ETP)</th><th class="n">Écart après (ETP)</th><th class="n">Variation (ETP)</th><th class="n">Variation ailleurs, hors des lignes (ETP)</th><th class="n">ETP manquants avant</th><th class="n">ETP manquants après</th><th class="n">Habitants des ${e(k.deficitTerritories)} en déficit, avant</th><th class="n">Habitants des ${e(k.deficitTerritories)} en déficit, après</th><th class="n">Dont offre extérieure après (actes/an)</th></tr></thead><tbody>
${kpiRows}
</tbody></table></div>
${apl}
<h3>Tableau des différences${changing.length > 0 && changing.length < specialties.length ? ' (spécialités modifiées par le scénario)' : ''}</h3>
${omitted > 0 ? `<p class="note">${omitted} territoire${omitted > 1 ? 's' : ''} sans changement ${omitted > 1 ? 'sont omis' : 'est omis'} ; la ligne « ${e(comparison.total.label)} » porte sur les ${comparison.rows.length} territoires du tableau.</p>` : ''}
<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

function appendix(context: ExportContext): string {
  const parameters = context.parameters.map((block) => `<h3>Paramètres — ${e(block.title)}</h3>\n${sourcedTable(block.rows)}`).join('\n');
  return `<h2 class="section" id="annexe">Annexe : provenance des données, paramètres, hypothèses et méthode</h2>
${provenance(context)}
${parameters}
<h3>Hypothèses de référence</h3>
${sourcedTable(context.references)}
<h3>Sources des scores et des structures</h3>
${sourcedTable(context.scoreSources, false)}
<h3>Formules</h3>
<table><thead><tr><th>Élément</th><th>Calcul</th><th>Référence</th></tr></thead><tbody>
${context.formulas.map((f) => `<tr><td>${e(f.name)}</td><td>${e(f.value)}</td><td>${e(plainText(f.source))}</td></tr>`).join('\n')}
</tbody></table>`;
}

/** The printable report as one HTML document: first page, details, annex (see the top of this file). */
export function reportHtml(input: ReportInput): string {
  const { table, context } = input;
  const specialties = resolveSpecialties(input.specialties);
  const mapSpecialty = input.mapSpecialty ? resolveSpecialties([input.mapSpecialty])[0] : specialties[0];
  const title = `${input.comparison ? `${context.afterTitle ?? 'Scénario'} — ` : 'Diagnostic de l’offre médicale — '}${SPECIALTY_LABELS[mapSpecialty]} — ${scopeText(table)}`;
  const map = maps(input, table, mapSpecialty);
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${firstPageHtml({ table, comparison: input.comparison ?? null, context, specialty: mapSpecialty, mapHtml: map.first, dateText: dateFr(context.generatedAt) })}
${input.packs && input.comparison ? packsSection(input.packs, input.comparison) : ''}
${input.comparison ? comparisonSection(input.comparison, context, specialties) : ''}
${input.alerts && (input.alerts.thresholds.coverage.enabled || input.alerts.thresholds.apl.enabled) ? alertsSection(input.alerts, table, input.comparison) : ''}
${input.pathways ? pathwaysSection(input.pathways) : ''}
${scenarioSection(context)}
${diagnosticSection(table, specialties, context)}
${map.others}
${appendix(context)}
</main>
<footer class="note"><p>Rapport Territoire Santé du ${e(dateFr(context.generatedAt))}. Données : ${e(context.pack.label)}.${context.pack.demo ? ` ${DEMO_LABEL} : chiffres estimés à partir de marges publiques réelles, pas de données nationales de santé.` : ''}</p></footer>
</body>
</html>
`;
}
