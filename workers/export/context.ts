// What every export states besides the figures (audit trail, PRODUCT.md workflow 6): data provenance,
// the scenarios and their levers, the resolved parameters with their sources, the reference
// assumptions, the score sources and the formulas in plain French. Built once from the engine's
// objects, then plain JSON (strings only), so the app can send it across workers as it is.
import { formatFixed } from '../../common/format-fr';
import type { PackManifest } from '../../common/pack';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../engine/domain';
import type { Evaluation } from '../engine/engine';
import type { Grid } from '../engine/model';
import { describeProductivity } from '../engine/productivity';
import {
  APL_THRESHOLDS,
  DEFAULT_CATCHMENT_MINUTES,
  DEFAULT_DETOUR_FACTOR,
  DEFAULT_SPEED_KMH,
  DREES_BOUNDS,
  DREES_DECAY,
  REFERENCE_VERSION,
  PROVIDER_TELECONSULTATION_MAX,
  TELECONSULTABLE_MAX,
  UNSOURCED,
} from '../engine/reference';
import { LEVER_REGISTRY } from '../engine/levers/registry';
import type { LeverNamer } from '../engine/levers/types';
import type { Lever, Scenario } from '../engine/scenario';
import type { ScoreSources } from '../engine/scores';


export const DEMO_LABEL = 'Estimation de démonstration';

export interface LeverSummary {
  label: string;
  /** What the lever does, its parameters in words. */
  description: string;
  source: string;
  enabled: boolean;
}

export interface ScenarioSummary {
  name: string;
  description: string;
  levers: LeverSummary[];
}

/** One named value with its unit and source. */
export interface SourcedRow {
  name: string;
  value: string;
  source: string;
}

export interface ParameterBlock {
  /** Which evaluation these values belong to (« Situation de référence », « Scénario … »). */
  title: string;
  rows: SourcedRow[];
}

export interface ExportContext {
  /** ISO 8601 date and time of the export. */
  generatedAt: string;
  pack: {
    id: string;
    label: string;
    demo: boolean;
    /** Date of the pack (import), ISO; null when unknown. */
    date: string | null;
    sources: { file: string; vintage: string; publisher: string }[];
    warnings: string[];
  };
  /** Name of the state the figures describe (diagnostic) or the reference of a comparison. */
  beforeTitle: string;
  /** Name of the compared state; null without comparison. */
  afterTitle: string | null;
  /** Scenarios involved (the reference first), with their levers. */
  scenarios: ScenarioSummary[];
  /** Resolved parameters of each evaluation (the second block only when they differ). */
  parameters: ParameterBlock[];
  /** Reference assumptions of the engine (workers/engine/reference.ts) and their sources. */
  references: SourcedRow[];
  /** Sources of the territorial scores and structures. */
  scoreSources: SourcedRow[];
  /** The method in plain French. */
  formulas: SourcedRow[];
}

export interface DescribedEvaluation {
  evaluation: Evaluation;
  /** null: the pack with the reference parameters (situation de référence). */
  scenario: Scenario | null;
}

export interface ContextInput {
  manifest: PackManifest;
  /** Date of the pack (import or build), ISO; the CLI uses the manifest file's date. */
  packDate?: string | null;
  generatedAt?: Date | string;
  before: DescribedEvaluation;
  after?: DescribedEvaluation | null;
  /** Pack-derived productivity sources (loadEngineInputs().productivitySources). */
  productivitySources?: Partial<Record<Specialty, string>>;
  scoreSources?: ScoreSources | null;
  structuresSource?: string | null;
  /** True when the pack has an imported time matrix (the APL uses it instead of estimated times). */
  timeMatrix?: boolean;
}

const REFERENCE_TITLE = 'Situation de référence';
const titleOf = (d: DescribedEvaluation): string => (d.scenario ? `Scénario « ${d.scenario.name} »` : REFERENCE_TITLE);

const number = (value: number, decimals = 0) => formatFixed(value, decimals);
const percentText = (share: number) => `${formatFixed(share * 100, share * 100 === Math.round(share * 100) ? 0 : 1)} %`;

/** How a lever description names places (defined with the lever kinds, workers/engine/levers/types.ts). */
export type { LeverNamer } from '../engine/levers/types';

/** Names of communes and territories for lever descriptions, from the evaluation's grids. */
export function evaluationNamer(evaluation: Evaluation): LeverNamer {
  const lookups = new Map<string, Map<string, string>>();
  const lookup = (grid: Grid) => {
    let map = lookups.get(grid.id);
    if (!map) {
      map = new Map(grid.codes.map((code, i) => [code, grid.labels[i]]));
      lookups.set(grid.id, map);
    }
    return map;
  };
  const named = (gridId: string, code: string) => {
    const grid = evaluation.territories.get(gridId)?.grid;
    const name = grid ? lookup(grid).get(code) : undefined;
    return name && name !== code ? `${name} (${code})` : code;
  };
  return {
    commune: (code: string) => named('COM', code),
    territory: (gridId: string, code: string) => {
      const grid = evaluation.territories.get(gridId)?.grid;
      return `${named(gridId, code)}, ${grid ? grid.label.toLowerCase() : gridId}`;
    },
  };
}

/**
 * One French sentence per lever, its figures and places: the same in the editor and in every export.
 * Each kind writes its own (its module in workers/engine/levers/, asked through the registry); élision,
 * contractions and plurals by common/french.ts (« 1 médecin d’ophtalmologie d’Étain »).
 */
export function describeLever(lever: Lever, n: LeverNamer): string {
  return LEVER_REGISTRY.describe(lever, n);
}

function summarize(d: DescribedEvaluation): ScenarioSummary | null {
  if (!d.scenario) return null;
  const names = evaluationNamer(d.evaluation);
  return {
    name: d.scenario.name,
    description: d.scenario.description,
    levers: d.scenario.levers.map((lever, i) => ({
      label: lever.label ?? `Levier ${i + 1}`,
      description: describeLever(lever, names),
      source: lever.source?.trim() || UNSOURCED,
      enabled: lever.enabled !== false,
    })),
  };
}

function parameterRows(d: DescribedEvaluation, productivitySources: Partial<Record<Specialty, string>>, timeMatrix: boolean): SourcedRow[] {
  const p = d.evaluation.params;
  const given = d.scenario?.parameters ?? {};
  const fromScenario = d.scenario ? `paramètre du scénario « ${d.scenario.name} »` : '';
  const rows: SourcedRow[] = [];
  // One productivity per specialty: the value the computation used, with its origin (the same
  // description as the parameters panel on screen).
  for (const used of describeProductivity(p, given, productivitySources, d.scenario?.name)) {
    rows.push({ name: `Productivité — ${SPECIALTY_LABELS[used.specialty]}`, value: `${number(used.value)} ${used.unit}`, source: used.source });
  }
  rows.push({
    name: 'Base de la productivité',
    value:
      p.productivityBasis === 'medecinActif'
        ? 'actes par médecin actif : médecins installés × part de médecins actifs, écarts en ETP comptés en médecins actifs'
        : 'actes par médecin du paquet (ETP)',
    source: given.productivityBasis !== undefined ? fromScenario : 'par défaut : actes libéraux nationaux (Open DAMIR, CNAM) ÷ médecins libéraux (RPPS, Annuaire Santé de l’ANS)',
  });
  SPECIALTIES.forEach((s, i) => {
    const source = given.teleconsultableShare?.[s] !== undefined ? fromScenario : TELECONSULTABLE_MAX[s].source;
    rows.push({ name: `Part téléconsultable du besoin, au plus — ${SPECIALTY_LABELS[s]}`, value: percentText(p.teleconsultable[i]), source });
  });
  SPECIALTIES.forEach((s, i) => {
    const source = given.catchmentMinutes?.[s] !== undefined ? fromScenario : DEFAULT_CATCHMENT_MINUTES[s].source;
    rows.push({ name: `Zone de recours (APL) — ${SPECIALTY_LABELS[s]}`, value: `${number(p.catchmentMinutes[i])} min`, source });
  });
  rows.push(
    {
      name: 'Temps de trajet (APL)',
      value: timeMatrix ? 'matrice de temps importée' : 'estimés : distance entre centroïdes × facteur de détour, à vitesse moyenne',
      source: timeMatrix ? 'fichier de temps du paquet' : UNSOURCED,
    },
    { name: 'Vitesse moyenne (temps estimés)', value: `${number(p.speedKmh)} km/h`, source: given.speedKmh !== undefined ? fromScenario : DEFAULT_SPEED_KMH.source },
    { name: 'Facteur de détour (distance routière ÷ distance à vol d’oiseau)', value: number(p.detourFactor, 2), source: given.detourFactor !== undefined ? fromScenario : DEFAULT_DETOUR_FACTOR.source },
    {
      name: 'Poids du site principal d’un médecin ayant des sites secondaires',
      value: number(p.principalWeight, 2),
      source: given.principalSiteWeight !== undefined ? fromScenario : UNSOURCED,
    },
    {
      name: 'Taux de recours',
      value: p.rates === 'regional' ? 'régionaux (recours observé par région de résidence)' : 'nationaux (besoin normatif)',
      source: given.rates !== undefined ? fromScenario : 'par défaut : taux nationaux (Open DAMIR, CNAM ; population INSEE)',
    },
  );
  return rows;
}

const parametersKey = (e: Evaluation) =>
  JSON.stringify([
    e.params.rates,
    e.params.principalWeight,
    e.params.productivityBasis,
    Array.from(e.params.productivity),
    e.params.supplyShare ? Array.from(e.params.supplyShare) : null,
    Array.from(e.params.catchmentMinutes),
    Array.from(e.params.teleconsultable),
    e.params.speedKmh,
    e.params.detourFactor,
  ]);
const sameParameters = (a: Evaluation, b: Evaluation) => parametersKey(a) === parametersKey(b);

function referenceRows(): SourcedRow[] {
  // No « default productivity » here: the productivity used is in the parameters, with its origin
  // (the reference value only where the pack derives none, and said so).
  const rows: SourcedRow[] = [
    {
      name: 'Part de l’activité d’un médecin en téléconsultation, au plus',
      value: percentText(PROVIDER_TELECONSULTATION_MAX.value),
      source: PROVIDER_TELECONSULTATION_MAX.source,
    },
  ];
  const steps = DREES_DECAY.value.map((step, i, all) => `${i === 0 ? 'moins de' : `de ${number(all[i - 1].below)} à`} ${number(step.below)} min : ${number(step.weight, 2)}`);
  rows.push(
    { name: 'Décroissance avec le temps de trajet (APL)', value: `${steps.join(' ; ')} ; au-delà : 0`, source: DREES_DECAY.source },
    {
      name: 'Bornes d’activité des médecins généralistes (APL)',
      value: `moins de ${number(DREES_BOUNDS.value.zeroBelow)} actes : 0 ; jusqu’à ${number(DREES_BOUNDS.value.floor)} : ${number(DREES_BOUNDS.value.floor)} ; au-delà de ${number(DREES_BOUNDS.value.cap)} : ${number(DREES_BOUNDS.value.cap)}`,
      source: DREES_BOUNDS.source,
    },
    {
      name: 'Seuils d’APL du zonage médecins',
      value: `${number(APL_THRESHOLDS.zip, 1)} et ${number(APL_THRESHOLDS.vivier)} consultations par habitant et par an`,
      source: 'DGOS, méthode du zonage médecins 2017 (arrêté du 13 novembre 2017)',
    },
    { name: 'Version des valeurs de référence', value: String(REFERENCE_VERSION), source: 'Territoire Santé, valeurs de référence' },
  );
  return rows;
}

export const FORMULAS: SourcedRow[] = [
  {
    name: 'Besoin',
    value:
      'Pour chaque commune et chaque spécialité, somme sur les tranches d’âge de la population multipliée par le taux de recours de la tranche (actes par habitant et par an, Open DAMIR). Le besoin d’un territoire est la somme de celui de ses communes ; la téléconsultation ne le change pas.',
    source: 'Open DAMIR (CNAM) pour les actes, INSEE pour la population par âge',
  },
  {
    name: 'Capacité',
    value:
      'ETP installés × productivité (actes par ETP et par an). Les ETP d’un médecin se répartissent entre ses sites : 1 sur un site unique ; le poids du site principal, et le reste à parts égales entre les sites secondaires. Gain de productivité d’une maison de santé : ETP déjà installés × gain. Téléconsultation : un transfert d’actes ; les communes des patients reçoivent les actes au prorata de leur besoin, les médecins prestataires les donnent au prorata de leur capacité (au plus 20 % de leur activité), une offre extérieure les apporte (comptée à part) ; un transfert entre territoires ne change aucun total. Productivité : valeur du scénario, sinon dérivée du paquet (actes libéraux nationaux du panier ÷ médecins libéraux du RPPS), sinon valeur de référence. Avec la base « par médecin actif », la productivité est divisée par la part de médecins actifs et les médecins installés multipliés par cette part : la capacité en actes ne change pas, les écarts en ETP sont comptés en médecins actifs.',
    source: 'RPPS (Annuaire Santé, ANS) pour les médecins et leurs sites, Open DAMIR (CNAM) pour les actes',
  },
  { name: 'Écart', value: 'Écart en actes = capacité − besoin (négatif : déficit). Écart en ETP = écart en actes ÷ productivité.', source: 'Territoire Santé' },
  {
    name: 'Taux',
    value:
      'Taux de couverture = capacité ÷ besoin. Actes à couvrir = besoin − capacité quand le besoin dépasse la capacité, 0 sinon. ETP manquants = actes à couvrir ÷ productivité. Taux de déficit = actes à couvrir ÷ besoin.',
    source: 'Territoire Santé',
  },
  {
    name: 'Ligne « Total »',
    value:
      'Sommes des territoires retenus. L’écart et le taux de couverture sont recalculés à partir des sommes du besoin et de la capacité ; les actes à couvrir et les ETP manquants sont les sommes des déficits des territoires (l’excédent d’un territoire ne couvre pas le déficit d’un autre) et le taux de déficit = actes à couvrir ÷ besoin. Les scores sont pondérés par la population.',
    source: 'Territoire Santé',
  },
  {
    name: 'Filtre par département',
    value: 'Les territoires retenus sont ceux qui comptent au moins une commune du département ; leurs chiffres portent sur toutes leurs communes.',
    source: 'Territoire Santé',
  },
  {
    name: 'Accessibilité potentielle localisée (APL)',
    value:
      'Méthode à deux étapes de la DREES : l’offre de chaque commune (ETP × activité bornée) est rapportée à la population standardisée qui peut l’atteindre, pondérée par le temps de trajet ; l’APL d’une commune est la somme pondérée de ces rapports sur les communes atteignables. Sans matrice de temps importée, temps estimés depuis la distance entre centroïdes × facteur de détour à vitesse moyenne.',
    source: 'DREES, méthode de l’accessibilité potentielle localisée (APL) aux médecins',
  },
  {
    name: 'Comparaison',
    value:
      'Variation de l’écart = écart après − écart avant (positive : amélioration). Population en déficit : population des communes dont la capacité est inférieure au besoin. Franchissements de seuils : communes dont l’APL des généralistes change de classe (2,5 ou moins ; de 2,5 à 4 ; plus de 4).',
    source: 'Territoire Santé ; seuils : DGOS, zonage médecins (arrêté du 13 novembre 2017)',
  },
  {
    name: 'Scores',
    value:
      'Score personnes âgées = part des 75 ans et plus du territoire ÷ part nationale. Score ALD = part de bénéficiaires en ALD du bassin de vie ÷ part nationale, moyenne pondérée par la population. Score urgence = minutes jusqu’au site d’urgences le plus proche, moyenne pondérée par la population.',
    source: 'INSEE (âges), Assurance Maladie (ALD), FINESS (urgences) : voir « Sources des scores et des structures »',
  },
];

/** The audit trail of an export. */
export function exportContext(input: ContextInput): ExportContext {
  const productivitySources = input.productivitySources ?? {};
  const after = input.after ?? null;
  const timeMatrix = input.timeMatrix ?? false;
  const parameters: ParameterBlock[] = [{ title: titleOf(input.before), rows: parameterRows(input.before, productivitySources, timeMatrix) }];
  if (after && !sameParameters(input.before.evaluation, after.evaluation)) {
    parameters.push({ title: titleOf(after), rows: parameterRows(after, productivitySources, timeMatrix) });
  }
  const scoreSources: SourcedRow[] = [];
  if (input.scoreSources) {
    scoreSources.push(
      { name: 'Score personnes âgées', value: '', source: input.scoreSources.scorePa },
      { name: 'Score ALD', value: '', source: input.scoreSources.scoreAld },
      { name: 'Score urgence', value: '', source: input.scoreSources.scoreUrgence },
    );
  }
  scoreSources.push({ name: 'Maisons et centres de santé', value: '', source: input.structuresSource ?? input.scoreSources?.structures ?? 'non disponibles dans le paquet' });
  const generatedAt = input.generatedAt === undefined ? new Date() : input.generatedAt;
  return {
    generatedAt: typeof generatedAt === 'string' ? generatedAt : generatedAt.toISOString(),
    pack: {
      id: input.manifest.id,
      label: input.manifest.label,
      demo: input.manifest.demo === true,
      date: input.packDate ?? null,
      sources: input.manifest.sources.map((s) => ({ file: s.file, vintage: s.vintage, publisher: s.publisher })),
      warnings: [...input.manifest.warnings],
    },
    beforeTitle: titleOf(input.before),
    afterTitle: after ? titleOf(after) : null,
    scenarios: [summarize(input.before), after ? summarize(after) : null].filter((s): s is ScenarioSummary => s !== null),
    parameters,
    references: referenceRows(),
    scoreSources,
    formulas: FORMULAS,
  };
}
