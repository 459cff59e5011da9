// Lever « Départs (retraites) »: a share of the doctors of one specialty in a territory stop working
// (their FTE and any MSP bonus go down by that share).
import { z } from 'zod';
import { formatDecimal } from '../../../common/format-fr';
import { de } from '../../../common/french';
import { SPECIALTY_COUNT, specialtyIndex } from '../domain';
import { code, commonFields, gridId, share, specialty } from './fields';
import type { LeverKindModule } from './types';
import { doctorsPlural, percentText, specialtyName } from './words';

const schema = z.object({ kind: z.literal('departures'), grid: gridId, territory: code, specialty, share, ...commonFields });

/** Default share of departures, with its source. */
export const DEPARTURES_DEFAULT_SHARE = { value: 0.2, source: 'part des médecins partant à l’horizon : hypothèse de travail à ajuster' };

export const departures: LeverKindModule<typeof schema> = {
  kind: 'departures',
  schema,
  label: 'Départs (retraites)',
  help: 'Une part des médecins du territoire cesse son activité.',
  place: 'territory',
  form: [
    { type: 'territory' },
    { type: 'specialty', name: 'specialty' },
    { type: 'number', name: 'share', label: 'Part des médecins qui partent', unit: '%', percent: true, range: { min: 0, max: 1 } },
  ],
  defaults: ({ place, specialty }) => ({
    ...('grid' in place ? { grid: place.grid, territory: place.territory } : { grid: 'COM', territory: place.commune }),
    specialty,
    share: DEPARTURES_DEFAULT_SHARE.value,
    source: DEPARTURES_DEFAULT_SHARE.source,
  }),
  apply(lever, context) {
    const members = context.territory(lever.grid, lever.territory);
    if (!members) return;
    const s = specialtyIndex(lever.specialty);
    const fte = context.write('fte'), bonusFte = context.write('bonusFte');
    for (const c of members) {
      const k = c * SPECIALTY_COUNT + s;
      fte[k] *= 1 - lever.share;
      bonusFte[k] *= 1 - lever.share;
    }
    context.touch(...members);
  },
  describe: (lever, n) => `Départs : ${percentText(lever.share)} des ETP ${de(specialtyName(lever.specialty))} du territoire ${n.territory(lever.grid, lever.territory)}.`,
  mark: (lever) => ({ at: { grid: lever.grid, territory: lever.territory }, text: `départs : ${formatDecimal(lever.share * 100)} % des ${doctorsPlural(lever.specialty)}` }),
};
