// Lever « Programme de soins » (issue 14): a clinical programme run for the people treated for a pathology
// in a territory, e.g. « retinal screening every two years for all diabetics »: acts per person per year
// of one specialty, for a share of those people. It adds to the need (people × share × acts), computed
// with the population after every population lever (model.ts programmeNeed), so a laisser-faire horizon
// that ages the population also raises the programme's acts. Not drawn on the map.
import { z } from 'zod';
import { formatDecimal } from '../../../common/format-fr';
import { de } from '../../../common/french';
import { SPECIALTY_COUNT, specialtyIndex } from '../domain';
import { ACTS_PER_PERSON_RANGE, PATHOLOGIES, PATHOLOGY_COUNT, PATHOLOGY_LABELS, pathologyIndex } from '../pathways';
import { code, commonFields, gridId, plausible, share, specialty } from './fields';
import type { LeverKindModule } from './types';
import { percentText, specialtyName } from './words';

const schema = z.object({
  kind: z.literal('careProgramme'),
  grid: gridId,
  territory: code,
  pathology: z.enum(PATHOLOGIES, { error: `doit être une pathologie connue (attendu : ${PATHOLOGIES.join(', ')})` }),
  /** Share of the pathology's people the programme reaches (1: all of them). */
  targetShare: share,
  specialty,
  /** Acts per person reached per year (0,5: every two years). */
  actsPerPerson: plausible(ACTS_PER_PERSON_RANGE),
  ...commonFields,
});

/** The example: retinal screening every two years for all diabetics, with its recommendation. */
export const CARE_PROGRAMME_DEFAULT = {
  pathology: 'diabete',
  specialty: 'OPH',
  actsPerPerson: 0.5,
  targetShare: 1,
  source: 'dépistage de la rétinopathie diabétique tous les deux ans (SFD 2016 ; HAS 2010 pour le dépistage annuel des patients à risque)',
} as const;

export const careProgramme: LeverKindModule<typeof schema> = {
  kind: 'careProgramme',
  schema,
  label: 'Programme de soins',
  help: 'Un suivi clinique pour les personnes traitées pour une pathologie (diabète, insuffisance cardiaque) : des actes en plus par personne et par an, ajoutés au besoin.',
  place: 'territory',
  form: [
    { type: 'territory' },
    { type: 'choice', name: 'pathology', label: 'Pathologie', options: PATHOLOGIES.map((id) => ({ value: id, label: PATHOLOGY_LABELS[id] })) },
    { type: 'number', name: 'targetShare', label: 'Part des personnes suivies', unit: '%', percent: true, range: { min: 0, max: 1 } },
    { type: 'specialty', name: 'specialty' },
    { type: 'number', name: 'actsPerPerson', label: 'Actes par personne et par an', unit: 'actes', range: ACTS_PER_PERSON_RANGE },
  ],
  defaults: ({ place, where }) => ({
    ...('grid' in place ? { grid: place.grid, territory: place.territory } : { grid: 'COM', territory: place.commune }),
    ...CARE_PROGRAMME_DEFAULT,
    label: `Dépistage de la rétinopathie diabétique — ${where}`,
  }),
  apply(lever, context) {
    if (!context.inputs.pathologies) {
      context.problem(
        `${context.name} : le paquet n’a pas de prévalence des pathologies (table « prevalence_pathologies ») : importez le fichier « effectifs » de la Cartographie des pathologies (import --pathologies).`,
      );
      return;
    }
    const members = context.territory(lever.grid, lever.territory);
    if (!members) return;
    const p = pathologyIndex(lever.pathology);
    const s = specialtyIndex(lever.specialty);
    const perPerson = lever.targetShare * lever.actsPerPerson;
    const programmeActs = context.write('programmeActs');
    for (const c of members) programmeActs[(c * PATHOLOGY_COUNT + p) * SPECIALTY_COUNT + s] += perPerson;
    context.touch(...members);
  },
  describe(lever, n) {
    return `Programme de soins dans le territoire ${n.territory(lever.grid, lever.territory)} : ${formatDecimal(lever.actsPerPerson)} acte${lever.actsPerPerson >= 2 ? 's' : ''} ${de(specialtyName(lever.specialty))} par personne et par an pour ${percentText(lever.targetShare)} des personnes traitées pour ${PATHOLOGY_LABELS[lever.pathology].toLowerCase()}, en plus du recours actuel.`;
  },
  mark: () => null,
};
