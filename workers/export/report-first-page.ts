// The report's first page (issue 13): what a planner or an elected official reads first, on one A4
// landscape page — the question asked (the scenario and its description, or the diagnostic), the map,
// the key figures before and after for the specialty of the map (the rows' total, what changes
// elsewhere, the département's own total) and the levers in plain French. Provenance, sources and
// method are in the annex at the end of the report (report.ts).
import { formatFixed } from '../../common/format-fr';
import { territoriesPlural, type ComparisonTable, type DashboardTable } from '../engine/dashboard';
import { SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../engine/domain';
import { displayedDifference, roundForDisplay } from './columns';
import { DEMO_LABEL, type ExportContext, type LeverSummary, type ScenarioSummary } from './context';
import { escapeXml as e } from './svg-map';

export interface FirstPageInput {
  table: DashboardTable;
  comparison: ComparisonTable | null;
  context: ExportContext;
  specialty: Specialty;
  /** The map, as HTML (<figure> with an <img> or an <svg>); '' without map. */
  mapHtml: string;
  /** Date of the report, in words. */
  dateText: string;
}

/** The doctors of a specialty in plain words: « médecins généralistes », « spécialistes en ophtalmologie ». */
export const doctorsOf = (s: Specialty): string => (s === 'MG' ? 'médecins généralistes' : `spécialistes en ${SPECIALTY_LABELS[s].toLowerCase()}`);

/** The territories of the table: « bassins de vie touchant la Meuse (55) », or « France entière ». */
export function scopeText(table: Pick<DashboardTable, 'gridId' | 'gridLabel' | 'departement' | 'departementLabel'>): string {
  const plural = territoriesPlural(table.gridId, table.gridLabel);
  if (!table.departement) return `${plural}, France entière`;
  return `${plural} touchant le département ${table.departementLabel ? `${table.departementLabel} (${table.departement})` : table.departement}`;
}

/** The compared scenario's summary (the last one of the context when comparing), or null. */
function comparedScenario(context: ExportContext, comparing: boolean): ScenarioSummary | null {
  if (!comparing || context.scenarios.length === 0) return null;
  const last = context.scenarios[context.scenarios.length - 1];
  return context.afterTitle === `Scénario « ${last.name} »` ? last : null;
}

const fte = (value: number) => e(formatFixed(value, 1, true));
const count = (value: number) => e(formatFixed(value, 0));

/** « il manque 12,3 médecins à temps plein » / « 4,0 de plus que le besoin »: the sign in words. */
function gapWords(value: number): string {
  if (!Number.isFinite(value)) return '';
  const rounded = roundForDisplay(Math.abs(value), 1);
  if (rounded === 0) return 'à l’équilibre';
  const doctors = `médecin${rounded >= 2 ? 's' : ''} à temps plein`;
  return value < 0 ? `il manque ${e(formatFixed(-value, 1))} ${doctors}` : `${e(formatFixed(value, 1))} ${doctors} de plus que le besoin`;
}

interface FigureRow {
  label: string;
  before: string;
  after?: string;
  change?: string;
  note?: string;
}

function figuresTable(rows: FigureRow[], comparing: boolean): string {
  const head = comparing ? '<th>Indicateur</th><th class="n">Avant</th><th class="n">Après</th><th class="n">Variation</th>' : '<th>Indicateur</th><th class="n">Valeur</th>';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${r.label}${r.note ? `<br><span class="note">${r.note}</span>` : ''}</td><td class="n">${r.before}</td>${comparing ? `<td class="n">${r.after ?? ''}</td><td class="n"><strong>${r.change ?? ''}</strong></td>` : ''}</tr>`,
    )
    .join('\n');
  return `<table class="key-figures"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function comparisonFigures(comparison: ComparisonTable, s: Specialty): FigureRow[] {
  const i = specialtyIndex(s);
  const k = comparison.kpis;
  const change = (after: number, before: number) => fte(displayedDifference(after, before, 1));
  const rows: FigureRow[] = [
    {
      label: `Écart en médecins à temps plein (ETP) des ${e(k.deficitTerritories)} du tableau`,
      before: fte(k.gapFteBefore[i]),
      after: fte(k.gapFteAfter[i]),
      change: change(k.gapFteAfter[i], k.gapFteBefore[i]),
      note: `négatif : déficit ; après le scénario, ${gapWords(k.gapFteAfter[i])}`,
    },
    {
      label: 'Médecins à temps plein manquants (somme des déficits)',
      before: e(formatFixed(k.fteNeededBefore[i], 1)),
      after: e(formatFixed(k.fteNeededAfter[i], 1)),
      change: fte(displayedDifference(k.fteNeededAfter[i], k.fteNeededBefore[i], 1)),
    },
    {
      label: `Habitants des ${e(k.deficitTerritories)} en déficit`,
      before: count(k.populationInDeficitBefore[i]),
      after: count(k.populationInDeficitAfter[i]),
      change: e(formatFixed(k.populationInDeficitAfter[i] - k.populationInDeficitBefore[i], 0, true)),
    },
  ];
  // What the scenario changes outside the rows (the providers of a teleconsultation, departures elsewhere).
  const elsewhereBefore = comparison.national.gapFteBefore[i] - k.gapFteBefore[i];
  const elsewhereAfter = comparison.national.gapFteAfter[i] - k.gapFteAfter[i];
  rows.push({
    label: 'Ailleurs : variation hors des territoires du tableau (ETP)',
    // The rest of France's own gap says nothing here: only what the scenario changes there.
    before: '—',
    after: '—',
    change: change(elsewhereAfter, elsewhereBefore),
    note: 'ce que le scénario change hors du tableau (par exemple les médecins qui téléconsultent pour ces territoires)',
  });
  const own = comparison.departementTotal;
  if (own) {
    const x = own.specialties[i];
    rows.push({ label: `${e(own.label)} : écart (ETP)`, before: fte(x.gapFteBefore), after: fte(x.gapFteAfter), change: change(x.gapFteAfter, x.gapFteBefore), note: 'les seules communes du département, prises comme un territoire' });
  }
  if (k.apl && k.apl.specialty === s) {
    const a = k.apl;
    rows.push({
      label: `Communes dont l’accessibilité (APL) est de ${e(formatFixed(a.thresholds.zip, 1))} consultations par habitant et par an ou moins`,
      before: count(a.communesBelowZipBefore),
      after: count(a.communesBelowZipAfter),
      change: e(formatFixed(a.communesBelowZipAfter - a.communesBelowZipBefore, 0, true)),
      note: `${count(a.populationBelowZipBefore)} habitants avant, ${count(a.populationBelowZipAfter)} après`,
    });
  }
  return rows;
}

function diagnosticFigures(table: DashboardTable, s: Specialty): FigureRow[] {
  const i = specialtyIndex(s);
  const total = table.total.specialties[i];
  const plural = territoriesPlural(table.gridId, table.gridLabel);
  const inDeficit = table.rows.filter((r) => r.specialties[i].gapFte < 0);
  const rows: FigureRow[] = [
    { label: `Écart en médecins à temps plein (ETP) des ${e(plural)} du tableau`, before: fte(total.gapFte), note: `négatif : déficit ; ${gapWords(total.gapFte)}` },
    { label: 'Médecins à temps plein manquants (somme des déficits)', before: e(formatFixed(total.fteNeeded, 1)) },
    { label: `${e(plural[0].toUpperCase() + plural.slice(1))} en déficit`, before: `${count(inDeficit.length)} sur ${count(table.rows.length)}` },
    { label: `Habitants des ${e(plural)} en déficit`, before: count(inDeficit.reduce((sum, r) => sum + r.population, 0)) },
    { label: 'Taux de couverture du besoin', before: `${e(formatFixed(total.coverage * 100, 1))} %` },
  ];
  const own = table.departementTotal;
  if (own) rows.push({ label: `${e(own.label)} : écart (ETP)`, before: fte(own.specialties[i].gapFte), note: 'les seules communes du département, prises comme un territoire' });
  return rows;
}

/** Levers listed on the first page at most; the others are counted there and listed in the pages that follow. */
const FIRST_PAGE_LEVERS = 8;

/**
 * The scenario's levers in plain French. Those its reference shares (a scenario built on a laisser-faire
 * horizon carries its thousand levers) are summed up in one line: the page shows what differs.
 */
function leversBlock(scenario: ScenarioSummary | null, reference: ScenarioSummary | null, comparing: boolean): string {
  if (!comparing) return '<h2>Leviers</h2><p>Aucun : situation actuelle, sans scénario.</p>';
  if (!scenario || scenario.levers.length === 0) return '<h2>Leviers</h2><p>Aucun levier.</p>';
  const same = (a: LeverSummary, b: LeverSummary) => a.description === b.description && a.enabled === b.enabled;
  const shared = reference && reference !== scenario ? scenario.levers.filter((l) => reference.levers.some((r) => same(l, r))) : [];
  const own = scenario.levers.filter((l) => !shared.includes(l));
  const items = own.slice(0, FIRST_PAGE_LEVERS).map((l) => `<li>${e(l.description)}${l.enabled ? '' : ' <em>(désactivé, sans effet)</em>'}</li>`);
  if (own.length > FIRST_PAGE_LEVERS) items.push(`<li>… et ${own.length - FIRST_PAGE_LEVERS} autres leviers, listés avec leurs sources dans les pages suivantes.</li>`);
  const common = shared.length > 0 ? `<p class="note">Plus les ${shared.length} leviers de la référence « ${e(reference!.name)} », les mêmes des deux côtés.</p>` : '';
  return `<h2>Leviers du scénario</h2>\n<ul class="levers">\n${items.join('\n') || '<li>Aucun levier en plus de la référence.</li>'}\n</ul>${common}`;
}

/** The first page as HTML (a <section class="first-page">), in reading order: question, map, key figures, levers. */
export function firstPageHtml(input: FirstPageInput): string {
  const { table, comparison, context, specialty } = input;
  const comparing = comparison !== null;
  const scenario = comparedScenario(context, comparing);
  // A pack comparison (follow-up over time) names both packs: « Paquet A : … » → « Paquet B : … ».
  const packs = comparing && !scenario && context.beforeTitle.startsWith('Paquet A : ') && context.afterTitle?.startsWith('Paquet B : ');
  const question = packs
    ? `Qu’est-ce qui a changé pour les ${doctorsOf(specialty)} entre le ${context.beforeTitle.replace('Paquet A : ', 'paquet A (')}) et le ${context.afterTitle!.replace('Paquet B : ', 'paquet B (')}) ?`
    : comparing
    ? `Que change ${scenario ? `le scénario « ${scenario.name} »` : (context.afterTitle ?? 'le scénario')} pour les ${doctorsOf(specialty)} ?`
    : `Où manque-t-il des ${doctorsOf(specialty)} ?`;
  const description = scenario?.description ? `<p class="lead">${e(scenario.description)}</p>` : '';
  const reference = comparing ? ` Comparé à : ${e(context.beforeTitle.toLowerCase() === 'situation de référence' ? 'la situation actuelle (sans scénario)' : context.beforeTitle)}.` : '';
  const figures = comparing ? comparisonFigures(comparison, specialty) : diagnosticFigures(table, specialty);
  return `<section class="first-page">
<h1 class="question">${e(question)}</h1>
${description}
<p class="meta">${e(SPECIALTY_LABELS[specialty])} — ${e(scopeText(table))}.${reference} Rapport du ${e(input.dateText)}.${context.pack.demo ? ` <span class="demo">${DEMO_LABEL}</span>` : ''}</p>
<div class="first-grid">
<div class="first-map">${input.mapHtml || '<p class="note">Carte indisponible pour cet export.</p>'}</div>
<div class="first-figures">
<h2>Chiffres clés</h2>
${figuresTable(figures, comparing)}
${leversBlock(scenario, context.scenarios.length > 1 ? context.scenarios[0] : null, comparing)}
</div>
</div>
<p class="note">Chiffres arrondis à l’affichage. Détail par territoire et par spécialité dans les pages suivantes ; sources des données, paramètres et méthode en annexe, à la fin du rapport.</p>
</section>`;
}
