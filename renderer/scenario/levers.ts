// The six lever kinds as planners see them: French names, what they do, and the default assumptions a
// new lever starts from, each with its source (workers/engine/reference.ts).
import { GRIDS } from '../../common/pack';
import { AGE_BANDS, SPECIALTY_LABELS, type AgeBand, type Specialty } from '../../workers/engine/domain';
import { TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { Lever, LeverKind } from '../../workers/engine/scenario';
import { formatDecimal, formatPercent } from '../format';

export const LEVER_KINDS: { kind: LeverKind; label: string; help: string; place: 'commune' | 'territory' }[] = [
  { kind: 'install', label: 'Installation de médecins', help: 'Ajoute n ETP d’une spécialité dans une commune.', place: 'commune' },
  {
    kind: 'secondarySite',
    label: 'Cabinet secondaire',
    help: 'Des médecins d’une commune consultent d jours par semaine dans une autre commune.',
    place: 'commune',
  },
  { kind: 'msp', label: 'Maison de santé (MSP)', help: 'Nouveaux ETP et gain de productivité des médecins déjà installés.', place: 'commune' },
  {
    kind: 'teleconsultation',
    label: 'Téléconsultation',
    help: 'Une part du besoin du territoire est servie à distance, dans la limite du téléconsultable.',
    place: 'territory',
  },
  { kind: 'departures', label: 'Départs (retraites)', help: 'Une part des médecins du territoire cesse son activité.', place: 'territory' },
  {
    kind: 'populationChange',
    label: 'Évolution de la population',
    help: 'Facteurs appliqués à la population par tranche d’âge (vieillissement).',
    place: 'territory',
  },
];

export const leverKindLabel = (kind: LeverKind): string => LEVER_KINDS.find((k) => k.kind === kind)!.label;

export const MSP_DEFAULT_GAIN = {
  value: 0.05,
  source: 'gain de productivité de 5 % : hypothèse non sourcée (DATA_SPEC §G.5, u_MSP non confirmé)',
};
export const DEPARTURES_DEFAULT_SHARE = { value: 0.2, source: 'part des médecins partant à l’horizon : hypothèse de travail à ajuster' };

/** A new lever of a kind at a place (commune code, or territory of a grid), with its default assumptions. */
export function newLever(
  kind: LeverKind,
  id: string,
  place: { commune: string; communeName: string } | { grid: string; territory: string; territoryName: string },
  specialty: Specialty,
): Lever {
  const where = 'commune' in place ? place.communeName : place.territoryName;
  const label = `${leverKindLabel(kind)} — ${where}`;
  const commune = 'commune' in place ? place.commune : '';
  const territory = 'grid' in place ? { grid: place.grid, territory: place.territory } : { grid: 'COM', territory: commune };
  switch (kind) {
    case 'install':
      return { kind, id, label, commune, specialty, fte: 1, source: '1 ETP : hypothèse de projet' };
    case 'secondarySite':
      return { kind, id, label, from: commune, to: commune, specialty, doctors: 1, daysPerWeek: 1, source: 'hypothèse de projet' };
    case 'msp':
      return { kind, id, label, commune, extraFte: { [specialty]: 2 }, productivityGain: MSP_DEFAULT_GAIN.value, source: `2 ETP : hypothèse de projet ; ${MSP_DEFAULT_GAIN.source}` };
    case 'teleconsultation': {
      const maximum = TELECONSULTABLE_MAX[specialty];
      return {
        kind,
        id,
        label,
        ...territory,
        specialty,
        share: Math.min(0.1, maximum.value),
        source: `plafond téléconsultable ${SPECIALTY_LABELS[specialty].toLowerCase()} ${formatPercent(maximum.value)} : ${maximum.source}`,
      };
    }
    case 'departures':
      return { kind, id, label, ...territory, specialty, share: DEPARTURES_DEFAULT_SHARE.value, source: DEPARTURES_DEFAULT_SHARE.source };
    case 'populationChange':
      return { kind, id, label, ...territory, factorByAgeBand: { '70': 1.1, '80': 1.2 }, source: 'vieillissement : hypothèse de travail (projections Omphale à importer)' };
  }
}

/** « Département 55 », « Bassin de vie 2022 55545 », « Maillage PERSO:cpts 12 ». */
export function territoryLabel(grid: string, territory: string): string {
  const label = GRIDS.find((g) => g.id === grid)?.label ?? `Maillage ${grid}`;
  return `${label} ${territory}`;
}

/** « 0 à 19 ans », « 20 à 29 ans », …, « 80 ans et plus ». */
export function bandLabel(band: number): string {
  const next = AGE_BANDS[AGE_BANDS.indexOf(band as AgeBand) + 1];
  return next === undefined ? `${band} ans et plus` : `${band} à ${next - 1} ans`;
}

/** One line summary of a lever, in French, for lists and the report. */
export function describeLever(lever: Lever, communeName: (code: string) => string): string {
  const spe = (s: Specialty) => SPECIALTY_LABELS[s].toLowerCase();
  switch (lever.kind) {
    case 'install':
      return `${formatDecimal(lever.fte)} ETP de ${spe(lever.specialty)} à ${communeName(lever.commune)}`;
    case 'secondarySite':
      return `${formatDecimal(lever.doctors)} médecin(s) de ${spe(lever.specialty)} de ${communeName(lever.from)} consultent ${formatDecimal(lever.daysPerWeek)} j/semaine à ${communeName(lever.to)}`;
    case 'msp': {
      const extra = Object.entries(lever.extraFte).map(([s, fte]) => `${formatDecimal(fte ?? 0)} ETP ${s}`).join(', ');
      return `MSP à ${communeName(lever.commune)} : ${extra || 'aucun ETP nouveau'}, gain ${formatPercent(lever.productivityGain ?? 0)}`;
    }
    case 'teleconsultation':
      return `${formatPercent(lever.share)} du besoin en ${spe(lever.specialty)} téléconsulté (${territoryLabel(lever.grid, lever.territory).toLowerCase()})`;
    case 'departures':
      return `départ de ${formatPercent(lever.share)} des médecins de ${spe(lever.specialty)} (${territoryLabel(lever.grid, lever.territory).toLowerCase()})`;
    case 'populationChange':
      return `population × ${Object.entries(lever.factorByAgeBand).map(([band, f]) => `${formatDecimal(f ?? 1)} (${bandLabel(Number(band))})`).join(', ')} (${territoryLabel(lever.grid, lever.territory).toLowerCase()})`;
  }
}
