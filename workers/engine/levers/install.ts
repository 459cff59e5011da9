// Lever « Installation de médecins »: FTE of one specialty added in one commune.
import { z } from 'zod';
import { formatDecimal, formatFixed } from '../../../common/format-fr';
import { at, de } from '../../../common/french';
import { SPECIALTY_COUNT, specialtyIndex } from '../domain';
import { PLAUSIBLE } from '../reference';
import { code, commonFields, plausible, specialty } from './fields';
import type { LeverKindModule } from './types';
import { doctorsWord, specialtyName } from './words';

const schema = z.object({ kind: z.literal('install'), commune: code, specialty, fte: plausible(PLAUSIBLE.fte), ...commonFields });

export const install: LeverKindModule<typeof schema> = {
  kind: 'install',
  schema,
  label: 'Installation de médecins',
  help: 'Ajoute des médecins (en ETP) d’une spécialité dans une commune.',
  place: 'commune',
  form: [
    { type: 'commune', name: 'commune', label: 'Commune' },
    { type: 'specialty', name: 'specialty' },
    { type: 'number', name: 'fte', label: 'Médecins installés', unit: 'ETP', range: PLAUSIBLE.fte },
  ],
  defaults: ({ place, specialty }) => ({
    commune: 'commune' in place ? place.commune : '',
    specialty,
    fte: 1,
    source: '1 ETP : hypothèse de projet',
  }),
  apply(lever, context) {
    const c = context.commune('commune', lever.commune);
    if (c === null) return;
    context.write('fte')[c * SPECIALTY_COUNT + specialtyIndex(lever.specialty)] += lever.fte;
    context.touch(c);
  },
  describe: (lever, n) => `Installation de ${formatFixed(lever.fte, 2)} ETP ${de(specialtyName(lever.specialty))} ${at(n.commune(lever.commune))}.`,
  mark: (lever) => ({ at: { commune: lever.commune }, text: `${formatDecimal(lever.fte)} ${doctorsWord(lever.specialty, lever.fte)} en plus` }),
};
