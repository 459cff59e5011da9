// Lever « Cabinet secondaire »: doctors of one commune consult some days a week in another; the FTE
// moved is doctors × days ÷ 5. Its form is custom (« Médecins de … » / « consultent à … », issue 13).
import { z } from 'zod';
import { formatDecimal, formatFixed } from '../../../common/format-fr';
import { at, countOf, de, plural } from '../../../common/french';
import { SPECIALTY_COUNT, specialtyIndex } from '../domain';
import { PLAUSIBLE } from '../reference';
import { code, commonFields, plausible, specialty } from './fields';
import type { LeverKindModule } from './types';
import { doctorsWord, specialtyName } from './words';

const schema = z.object({
  kind: z.literal('secondarySite'),
  from: code,
  to: code,
  specialty,
  doctors: plausible(PLAUSIBLE.doctors),
  daysPerWeek: plausible(PLAUSIBLE.daysPerWeek),
  ...commonFields,
});

const LABEL = 'Cabinet secondaire';

/** Label of a secondary site: « Cabinet secondaire — Verdun → Étain » (commune names, never codes). */
export const secondarySiteLabel = (fromName: string, toName: string): string => `${LABEL} — ${fromName} → ${toName}`;

/** `options` of a new secondary site (NewLeverContext): its two communes by code and name, doctors and days. */
export interface SecondarySiteOptions {
  from?: { commune: string; communeName: string };
  to?: { commune: string; communeName: string };
  doctors?: number;
  daysPerWeek?: number;
}

/** Doctors and days written as planners say them: « 1 », « 2,5 ». */
const count = (v: number) => formatFixed(v, Number.isInteger(v) ? 0 : 1);

export const secondarySite: LeverKindModule<typeof schema> = {
  kind: 'secondarySite',
  schema,
  label: LABEL,
  help: 'Des médecins installés dans une commune consultent quelques jours par semaine dans une autre commune.',
  place: 'commune',
  form: [
    { type: 'custom', widget: 'secondarySitePlaces' },
    { type: 'specialty', name: 'specialty' },
    { type: 'number', name: 'doctors', label: 'Nombre de médecins', range: PLAUSIBLE.doctors },
    { type: 'number', name: 'daysPerWeek', label: 'Jours par semaine', unit: 'j', range: PLAUSIBLE.daysPerWeek },
  ],
  defaults: ({ place, where, specialty, options }) => {
    // Without its two communes (a dedicated form gives them), both are the place, to be changed in the form.
    const sites = (options ?? {}) as SecondarySiteOptions;
    const from = sites.from ?? { commune: 'commune' in place ? place.commune : '', communeName: where };
    const to = sites.to ?? from;
    return {
      label: secondarySiteLabel(from.communeName, to.communeName),
      from: from.commune,
      to: to.commune,
      specialty,
      doctors: sites.doctors ?? 1,
      daysPerWeek: sites.daysPerWeek ?? 1,
      source: 'hypothèse de projet',
    };
  },
  apply(lever, context) {
    const from = context.commune('from', lever.from);
    const to = context.commune('to', lever.to);
    if (from === null || to === null) return;
    const s = specialtyIndex(lever.specialty);
    const moved = (lever.doctors * lever.daysPerWeek) / 5;
    const available = context.adjustments.fte[from * SPECIALTY_COUNT + s];
    if (moved > available + 1e-9) {
      context.problem(`${context.name} : déplace ${moved.toFixed(2)} ETP de ${lever.specialty} depuis ${lever.from}, qui n’en compte que ${available.toFixed(2)}.`);
      return;
    }
    context.write('fte')[from * SPECIALTY_COUNT + s] -= moved;
    context.write('fte')[to * SPECIALTY_COUNT + s] += moved;
    context.touch(from, to);
  },
  describe(lever, n) {
    const moved = (lever.doctors * lever.daysPerWeek) / 5;
    const doctors = countOf(lever.doctors, 'médecin', undefined, count);
    const days = countOf(lever.daysPerWeek, 'jour', undefined, count);
    return `Cabinet secondaire : ${doctors} ${de(specialtyName(lever.specialty))} ${de(n.commune(lever.from))} ${plural(lever.doctors, 'consulte', 'consultent')} ${days} par semaine ${at(n.commune(lever.to))} (${formatFixed(moved, 2)} ETP ${plural(moved, 'déplacé')}).`;
  },
  mark: (lever) => ({
    at: { commune: lever.from },
    to: { commune: lever.to },
    text: `${doctorsWord(lever.specialty, lever.doctors)}, ${formatDecimal(lever.daysPerWeek)} j. par semaine`,
  }),
};
