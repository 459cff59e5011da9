// The six lever kinds as planners see them: French names, what they do, and the default assumptions a
// new lever starts from, each with its source (workers/engine/reference.ts).
import { GRIDS } from '../../common/pack';
import { SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { Lever, LeverKind } from '../../workers/engine/scenario';
import { formatPercent } from '../format';

export const LEVER_KINDS: { kind: LeverKind; label: string; help: string; place: 'commune' | 'territory' }[] = [
  { kind: 'install', label: 'Installation de médecins', help: 'Ajoute des médecins (en ETP) d’une spécialité dans une commune.', place: 'commune' },
  {
    kind: 'secondarySite',
    label: 'Cabinet secondaire',
    help: 'Des médecins installés dans une commune consultent quelques jours par semaine dans une autre commune.',
    place: 'commune',
  },
  { kind: 'msp', label: 'Maison de santé (MSP)', help: 'Nouveaux ETP et gain de productivité des médecins déjà installés.', place: 'commune' },
  {
    kind: 'teleconsultation',
    label: 'Téléconsultation',
    help: 'Des médecins d’ailleurs (ou une plateforme extérieure) consultent à distance une part du besoin des habitants du territoire, sur leur propre temps.',
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

/** Label of a secondary site: « Cabinet secondaire — Verdun → Étain » (commune names, never codes). */
export const secondarySiteLabel = (fromName: string, toName: string): string => `${leverKindLabel('secondarySite')} — ${fromName} → ${toName}`;

/** The doctors' commune and the secondary site of a secondary-site lever being built, by name and code. */
export interface SecondarySitePlaces {
  from: { commune: string; communeName: string };
  to: { commune: string; communeName: string };
}

/**
 * A new lever of a kind at a place (commune code, or territory of a grid), with its default assumptions.
 * A secondary site needs its two communes: pass `sites` (the doctors' home and the secondary site);
 * without it both are the place, to be changed in the form.
 */
export function newLever(
  kind: LeverKind,
  id: string,
  place: { commune: string; communeName: string } | { grid: string; territory: string; territoryName: string },
  specialty: Specialty,
  sites?: SecondarySitePlaces & { doctors?: number; daysPerWeek?: number },
): Lever {
  const where = 'commune' in place ? place.communeName : place.territoryName;
  const label = `${leverKindLabel(kind)} — ${where}`;
  const commune = 'commune' in place ? place.commune : '';
  const territory = 'grid' in place ? { grid: place.grid, territory: place.territory } : { grid: 'COM', territory: commune };
  switch (kind) {
    case 'install':
      return { kind, id, label, commune, specialty, fte: 1, source: '1 ETP : hypothèse de projet' };
    case 'secondarySite': {
      const from = sites?.from ?? { commune, communeName: where };
      const to = sites?.to ?? from;
      return {
        kind,
        id,
        label: secondarySiteLabel(from.communeName, to.communeName),
        from: from.commune,
        to: to.commune,
        specialty,
        doctors: sites?.doctors ?? 1,
        daysPerWeek: sites?.daysPerWeek ?? 1,
        source: 'hypothèse de projet',
      };
    }
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
        // An external provider until the planner names doctors: nothing is taken from anyone unseen.
        provider: { kind: 'external', label: 'Plateforme régionale de téléconsultation' },
        source: `plafond téléconsultable ${SPECIALTY_LABELS[specialty].toLowerCase()} ${formatPercent(maximum.value)} : ${maximum.source}`,
      };
    }
    case 'departures':
      return { kind, id, label, ...territory, specialty, share: DEPARTURES_DEFAULT_SHARE.value, source: DEPARTURES_DEFAULT_SHARE.source };
    case 'populationChange':
      return { kind, id, label, ...territory, factorByAgeBand: { '70': 1.1, '80': 1.2 }, source: 'vieillissement : hypothèse de travail (projections Omphale à importer)' };
  }
}

/**
 * « Stenay (55502), bassin de vie 2022 » when the territory can be named from the communes (a commune,
 * or a bassin de vie: INSEE codes a BV2022 by its pôle commune), else « Département 55 »,
 * « Maillage PERSO:cpts 12 » (« département 55 » inside a sentence).
 */
export function territoryLabel(grid: string, territory: string, communes?: { codes: string[]; names: string[] }, inSentence = false): string {
  const label = GRIDS.find((g) => g.id === grid)?.label ?? `Maillage ${grid}`;
  const named = communes && (grid === 'COM' || grid === 'BV2022') ? communes.names[communes.codes.indexOf(territory)] : undefined;
  if (named) return grid === 'COM' ? `${named} (${territory})` : `${named} (${territory}), ${label.toLowerCase()}`;
  return `${inSentence ? label.toLowerCase() : label} ${territory}`;
}
