// The zod pieces every lever kind's schema is made of, with their French messages: a specialty, a
// commune code, a grid, a number within a PLAUSIBLE range, and the fields common to every lever.
import { z } from 'zod';
import { formatDecimal } from '../../../common/format-fr';
import { SPECIALTIES } from '../domain';
import { PLAUSIBLE } from '../reference';

export const specialty = z.enum(SPECIALTIES, { error: `n’est pas une spécialité connue (attendu : ${SPECIALTIES.join(', ')})` });
export const code = z.string({ error: 'doit être un code (texte)' }).min(1, { error: 'ne doit pas être vide' });
export const gridId = z.string({ error: 'doit être un identifiant de maillage' }).min(1);

/**
 * A number within one of the PLAUSIBLE ranges (finite by construction), with a French message that
 * gives the range and its unit; shares and gains are shown as percentages.
 */
export function plausible(range: { min: number; max: number; unit: string }, percent = false) {
  // A share is read as a percentage but written as a fraction in the file: both are given.
  const shown = percent
    ? `entre ${formatDecimal(range.min * 100)} % et ${formatDecimal(range.max * 100)} % (de ${formatDecimal(range.min)} à ${formatDecimal(range.max)} dans le fichier)`
    : `entre ${formatDecimal(range.min)} et ${formatDecimal(range.max)}${range.unit ? ` ${range.unit}` : ''}`;
  const error = `doit être compris ${shown}`;
  return z.number({ error: 'doit être un nombre' }).min(range.min, { error }).max(range.max, { error });
}

export const share = plausible(PLAUSIBLE.share, true);

export const bySpecialty = <T extends z.ZodType>(value: T, what: string) => z.partialRecord(specialty, value, { error: `doit associer des spécialités à ${what}` });

/** Fields of every lever, spread into each kind's z.object. */
export const commonFields = {
  // Optional here so that the engine accepts levers built in code; a scenario file of version 2 must
  // give every lever a unique non-empty id (checked in scenario.ts, validateCurrentVersion).
  id: z.string({ error: 'doit être un texte' }).optional(),
  label: z.string().optional(),
  enabled: z.boolean({ error: 'doit valoir true ou false' }).optional(),
  source: z.string().optional(),
};
