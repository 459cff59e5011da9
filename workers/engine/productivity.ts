// The productivity the engine uses, described for people: one value per specialty with where it comes
// from (the scenario, the pack's derivation with its months, or the reference default when the pack has
// none), and the named parameter sets a user may pick (CLI `diagnose --parametres`). The values are those
// of resolveParameters: every screen, export and CLI shows what the computation used.
import { formatDecimal } from '../../common/format-fr';
import { SPECIALTIES, type Specialty } from './domain';
import { DEFAULT_ACTIVE_SHARE, DEFAULT_PRODUCTIVITY } from './reference';
import { resolveParameters, type ProductivityBasis, type ResolvedParameters, type ScenarioParameters } from './scenario';

/** Where a productivity value comes from. */
export type ProductivityOrigin = 'scenario' | 'paquet' | 'reference';

export interface ProductivityInUse {
  specialty: Specialty;
  /** Acts per year per FTE (basis « etp ») or per active doctor (basis « medecinActif »): the engine's value. */
  value: number;
  origin: ProductivityOrigin;
  basis: ProductivityBasis;
  /** Share of doctors counted active (basis « medecinActif »), else null. */
  activeShare: number | null;
  /** « actes par ETP et par an » or « actes par médecin actif et par an ». */
  unit: string;
  /** Short French name of the origin, for a table cell. */
  originLabel: string;
  /** Full French source: the pack's derivation (Open DAMIR year and months ÷ RPPS), the scenario, or the reference. */
  source: string;
}

export const PRODUCTIVITY_UNITS: Record<ProductivityBasis, string> = {
  etp: 'actes par ETP et par an',
  medecinActif: 'actes par médecin actif et par an',
};

const percent = (share: number) => `${formatDecimal(share * 100, 1)} %`;

/**
 * One entry per specialty (SPECIALTIES order): the productivity resolveParameters gives for `parameters`
 * on a pack whose derivation is `derived` (loadEngineInputs().derivedProductivity) with its `sources`
 * (productivitySources, e.g. « Open DAMIR 2024, mois 02 à 07 annualisés × 12 / 6 … ÷ médecins libéraux
 * du RPPS »). `scenarioName` names the scenario in the source of a value it sets.
 */
export function productivityInUse(
  parameters: ScenarioParameters,
  derived: Partial<Record<Specialty, number>> = {},
  sources: Partial<Record<Specialty, string>> = {},
  scenarioName?: string,
): ProductivityInUse[] {
  const packSources: Partial<Record<Specialty, string>> = {};
  for (const s of SPECIALTIES) if (derived[s] !== undefined) packSources[s] = sources[s] ?? 'table « productivite »';
  return describeProductivity(resolveParameters(parameters, derived), parameters, packSources, scenarioName);
}

/**
 * The same description from parameters already resolved (an Evaluation's `params`): a specialty whose
 * `packSources` entry is set has a pack derivation (loadEngineInputs sets a source with every value).
 */
export function describeProductivity(
  resolved: Pick<ResolvedParameters, 'productivity' | 'productivityBasis' | 'supplyShare'>,
  parameters: ScenarioParameters,
  packSources: Partial<Record<Specialty, string>>,
  scenarioName?: string,
): ProductivityInUse[] {
  const basis = resolved.productivityBasis;
  const scenario = scenarioName ? `scénario « ${scenarioName} »` : 'scénario';
  return SPECIALTIES.map((s, i) => {
    const activeShare = resolved.supplyShare ? resolved.supplyShare[i] : null;
    const shareText =
      activeShare === null
        ? ''
        : ` ; ÷ part de médecins actifs ${percent(activeShare)} (${parameters.activeShare?.[s] !== undefined ? `valeur du ${scenario}` : DEFAULT_ACTIVE_SHARE[s].source})`;
    let origin: ProductivityOrigin, originLabel: string, source: string;
    if (parameters.productivity?.[s] !== undefined) {
      origin = 'scenario';
      originLabel = 'valeur du scénario';
      source = basis === 'etp' ? `paramètre du ${scenario}` : `paramètre du ${scenario}, en ${PRODUCTIVITY_UNITS[basis]}`;
    } else if (packSources[s] !== undefined) {
      origin = 'paquet';
      originLabel = 'dérivée du paquet';
      source = `dérivée du paquet : ${packSources[s]}${shareText}`;
    } else {
      origin = 'reference';
      originLabel = 'référence (le paquet n’en dérive pas)';
      source = `valeur de référence, le paquet n’en dérive pas : ${DEFAULT_PRODUCTIVITY[s].source}${shareText}`;
    }
    return { specialty: s, value: resolved.productivity[i], origin, basis, activeShare, unit: PRODUCTIVITY_UNITS[basis], originLabel, source };
  });
}

/** A named set of parameter values a user may apply as a whole (CLI `diagnose --parametres <id>`). */
export interface ParameterSet {
  id: string;
  label: string;
  /** Where the method comes from and what it assumes, in French. */
  source: string;
  parameters: ScenarioParameters;
}

export const PARAMETER_SETS: readonly ParameterSet[] = [
  {
    id: 'reference',
    label: 'Paramètres de référence : productivité en actes par médecin du paquet (RPPS)',
    source: 'DATA_SPEC §G.3 option a : actes libéraux nationaux du panier ÷ médecins libéraux du RPPS',
    parameters: {},
  },
  {
    id: 'medecin-actif',
    label: 'Productivité en actes par médecin actif (méthode du tableau de bord Geo Santé / E-Meuse Santé)',
    source:
      'tableau de bord Geo Santé / E-Meuse Santé des planificateurs de la Meuse : écart converti en médecins à l’activité moyenne d’un médecin actif ; ' +
      'part de médecins actifs par spécialité : paramètre « activeShare » (par défaut : 125 généralistes actifs pour 140 inscrits en Meuse, 100 % ailleurs). ' +
      'Voir docs/reconciliation-meuse.md.',
    parameters: { productivityBasis: 'medecinActif' },
  },
];

/** The set named `id`, or undefined. */
export function parameterSet(id: string): ParameterSet | undefined {
  return PARAMETER_SETS.find((set) => set.id === id);
}

/** A set's values under a scenario's own: what the scenario states explicitly wins. */
export function withParameterSet(set: ParameterSet, parameters: ScenarioParameters): ScenarioParameters {
  return { ...set.parameters, ...parameters };
}
