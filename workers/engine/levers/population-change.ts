// Lever « Évolution de la population »: factors on the population of a territory by age band
// (ageing); not drawn on the map.
import { z } from 'zod';
import { formatFixed } from '../../../common/format-fr';
import { AGE_BANDS, ageBandLabel, BAND_COUNT, bandIndex } from '../domain';
import { PLAUSIBLE } from '../reference';
import { code, commonFields, gridId, plausible } from './fields';
import type { LeverKindModule } from './types';

const schema = z.object({
  kind: z.literal('populationChange'),
  grid: gridId,
  territory: code,
  factorByAgeBand: z.partialRecord(z.enum(AGE_BANDS.map(String) as [string, ...string[]], { error: 'tranche d’âge inconnue' }), plausible(PLAUSIBLE.populationFactor), {
    error: 'doit associer des tranches d’âge (0, 20, …, 80) à des facteurs',
  }),
  ...commonFields,
});

export const populationChange: LeverKindModule<typeof schema> = {
  kind: 'populationChange',
  schema,
  label: 'Évolution de la population',
  help: 'Facteurs appliqués à la population par tranche d’âge (vieillissement).',
  place: 'territory',
  recordKeyOrder: { factorByAgeBand: AGE_BANDS.map(String) },
  form: [
    { type: 'territory' },
    { type: 'byAgeBand', name: 'factorByAgeBand', label: 'Facteur', unit: '×', range: PLAUSIBLE.populationFactor, empty: 1 },
  ],
  defaults: ({ place }) => ({
    ...('grid' in place ? { grid: place.grid, territory: place.territory } : { grid: 'COM', territory: place.commune }),
    factorByAgeBand: { '70': 1.1, '80': 1.2 },
    source: 'vieillissement : hypothèse de travail (projections Omphale à importer)',
  }),
  apply(lever, context) {
    const members = context.territory(lever.grid, lever.territory);
    if (!members) return;
    const populationFactor = context.write('populationFactor');
    for (const [band, factor] of Object.entries(lever.factorByAgeBand)) {
      const b = bandIndex(Number(band));
      for (const c of members) populationFactor[c * BAND_COUNT + b] *= factor ?? 1;
    }
    context.touch(...members);
  },
  describe(lever, n) {
    const factors = Object.entries(lever.factorByAgeBand).map(([band, f]) => `${ageBandLabel(Number(band))} × ${formatFixed(f ?? 1, 2)}`);
    return `Évolution de la population du territoire ${n.territory(lever.grid, lever.territory)} : ${factors.join(', ')}.`;
  },
  mark: () => null,
};
