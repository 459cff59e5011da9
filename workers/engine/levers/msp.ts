// Lever « Maison de santé (MSP) »: new FTE in one commune, per specialty, and a productivity gain of the
// doctors already installed there (baseline FTE of the listed specialties).
import { z } from 'zod';
import { formatFixed } from '../../../common/format-fr';
import { at, de } from '../../../common/french';
import { SPECIALTIES, SPECIALTY_COUNT, specialtyIndex } from '../domain';
import { PLAUSIBLE } from '../reference';
import { bySpecialty, code, commonFields, plausible } from './fields';
import type { LeverKindModule } from './types';
import { percentText, specialtyName } from './words';

const schema = z.object({
  kind: z.literal('msp'),
  commune: code,
  extraFte: bySpecialty(plausible(PLAUSIBLE.fte), 'des ETP'),
  productivityGain: plausible(PLAUSIBLE.productivityGain, true).optional(),
  ...commonFields,
});

/** Default gain of a new MSP, with its source. */
export const MSP_DEFAULT_GAIN = {
  value: 0.05,
  source: 'gain de productivité de 5 % : hypothèse non sourcée (DATA_SPEC §G.5, u_MSP non confirmé)',
};

export const msp: LeverKindModule<typeof schema> = {
  kind: 'msp',
  schema,
  label: 'Maison de santé (MSP)',
  help: 'Nouveaux ETP et gain de productivité des médecins déjà installés.',
  place: 'commune',
  recordKeyOrder: { extraFte: SPECIALTIES },
  form: [
    { type: 'commune', name: 'commune', label: 'Commune' },
    { type: 'bySpecialty', name: 'extraFte', label: 'Nouveaux ETP', unit: 'ETP', range: PLAUSIBLE.fte, always: ['MG'] },
    { type: 'number', name: 'productivityGain', label: 'Gain de productivité des médecins installés', unit: '%', percent: true, range: PLAUSIBLE.productivityGain },
  ],
  defaults: ({ place, specialty }) => ({
    commune: 'commune' in place ? place.commune : '',
    extraFte: { [specialty]: 2 },
    productivityGain: MSP_DEFAULT_GAIN.value,
    source: `2 ETP : hypothèse de projet ; ${MSP_DEFAULT_GAIN.source}`,
  }),
  apply(lever, context) {
    const c = context.commune('commune', lever.commune);
    if (c === null) return;
    // The gain applies to the doctors already installed (baseline FTE) of the listed specialties,
    // whatever other levers did before.
    const gain = lever.productivityGain ?? 0;
    for (const [id, extra] of Object.entries(lever.extraFte)) {
      const k = c * SPECIALTY_COUNT + specialtyIndex(id);
      context.write('bonusFte')[k] += context.baseline.fte[k] * gain;
      context.write('fte')[k] += extra ?? 0;
    }
    context.touch(c);
  },
  describe(lever, n) {
    const extra = Object.entries(lever.extraFte).map(([s, fte]) => `${formatFixed(fte ?? 0, 2)} ETP ${de(specialtyName(s))}`);
    const gain = lever.productivityGain ? `, gain de productivité de ${percentText(lever.productivityGain)} des médecins déjà installés` : '';
    return `Maison de santé ${at(n.commune(lever.commune))} : ${extra.length > 0 ? extra.join(', ') : 'aucun ETP supplémentaire'}${gain}.`;
  },
  mark: (lever) => ({ at: { commune: lever.commune }, text: 'Maison de santé' }),
};
