// Lever « Téléconsultation » (format version 3): acts of a specialty for the residents of a territory,
// delivered remotely by doctors of a commune or a territory (on their own time, within the convention's
// share) or by an external provider (outside supply); given in acts per year or as a share of the need.
import { z } from 'zod';
import { formatDecimal, formatFixed, formatPercent } from '../../../common/format-fr';
import { at, countOf, de } from '../../../common/french';
import { SPECIALTY_COUNT, SPECIALTY_LABELS, SPECIALTIES, specialtyIndex } from '../domain';
import { communeNeed, ownCapacity } from '../model';
import { PLAUSIBLE, PROVIDER_TELECONSULTATION_MAX, TELECONSULTABLE_MAX } from '../reference';
import { code, commonFields, gridId, plausible, share, specialty } from './fields';
import type { ApplyContext, LeverKindModule } from './types';
import { actsText, doctorsPlural, floorActs, percentText, SPECIALTY_NAMES, specialtyName } from './words';

/**
 * Who delivers the teleconsultations: doctors of a commune, doctors of a territory of a grid, or an
 * external provider (a regional platform, a hospital team abroad…) whose acts are outside supply.
 */
const teleProvider = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('commune'), commune: code }),
    z.object({ kind: z.literal('territory'), grid: gridId, territory: code }),
    z.object({
      kind: z.literal('external'),
      label: z.string({ error: 'doit nommer l’offre extérieure (un texte, par exemple « Plateforme régionale de téléconsultation »)' }).trim().min(1, { error: 'doit nommer l’offre extérieure' }),
    }),
  ],
  { error: 'doit être { "kind": "commune" | "territory" | "external", … }' },
);
export type TeleProvider = z.infer<typeof teleProvider>;

const schema = z
  .object({
    kind: z.literal('teleconsultation'),
    grid: gridId,
    territory: code,
    specialty,
    acts: plausible(PLAUSIBLE.teleActs).optional(),
    share: share.optional(),
    provider: teleProvider,
    /** Commune of a nurse-assisted teleconsultation point (« aller vers »), drawn on the map. */
    assistedSite: code.optional(),
    ...commonFields,
  })
  .refine((lever) => (lever.acts === undefined) !== (lever.share === undefined), {
    error: 'donnez le volume téléconsulté soit en actes par an (« acts »), soit en part du besoin (« share »), l’un des deux seulement',
  });
type TeleLever = z.infer<typeof schema>;

/** The provider of a new lever: an external one until the planner names doctors (nothing taken from anyone unseen). */
export const DEFAULT_TELE_PROVIDER = { kind: 'external', label: 'Plateforme régionale de téléconsultation' } as const;

/** Default teleconsultable shares (TELECONSULTABLE_MAX), by specialty index. */
export const TELECONSULTABLE_DEFAULTS = Float64Array.from(SPECIALTIES, (s) => TELECONSULTABLE_MAX[s].value);

/** « la commune prestataire 54395 », « le territoire prestataire 54 (DEP) » (doctors' providers only). */
const providerPlace = (provider: Exclude<TeleProvider, { kind: 'external' }>): string =>
  provider.kind === 'commune' ? `la commune prestataire ${provider.commune}` : `le territoire prestataire ${provider.territory} (${provider.grid})`;

function providerCommunes(context: ApplyContext, provider: TeleProvider): number[] | null {
  if (provider.kind === 'external') return [];
  if (provider.kind === 'territory') return context.territory(provider.grid, provider.territory, `${context.name} (prestataire)`);
  const c = context.commune('provider.commune', provider.commune);
  return c === null ? null : [c];
}

function apply(lever: TeleLever, context: ApplyContext): void {
  const { inputs, params, name } = context;
  const residents = context.territory(lever.grid, lever.territory);
  const providers = providerCommunes(context, lever.provider);
  if (!residents || !providers) return;
  const s = specialtyIndex(lever.specialty);
  const inResidents = new Set(residents);
  if (providers.some((c) => inResidents.has(c))) {
    context.problem(`${name} : le prestataire est dans le territoire des patients ; la téléconsultation doit venir d’ailleurs.`);
    return;
  }
  if (lever.assistedSite !== undefined) {
    const site = context.commune('assistedSite', lever.assistedSite);
    if (site === null) return;
    if (!inResidents.has(site)) {
      context.problem(`${name} : le point de téléconsultation assistée (${lever.assistedSite}) doit être dans le territoire des patients.`);
      return;
    }
  }
  // Residents receive in proportion to their need, so every commune's teleconsultable share is
  // reached at the same time (the bound below is that of the territory).
  const needs = residents.map((c) => communeNeed(inputs, params, context.adjustments, c, s));
  const need = needs.reduce((a, b) => a + b, 0);
  const acts = lever.acts ?? (lever.share ?? 0) * need;
  if (acts <= 0) return;
  const specialtyName = SPECIALTY_NAMES[s];
  if (need <= 0) {
    context.problem(`${name} : les habitants du territoire n’ont pas de besoin en ${specialtyName} à téléconsulter.`);
    return;
  }
  const maximum = (params.teleconsultable ?? TELECONSULTABLE_DEFAULTS)[s];
  if (maximum <= 0) {
    context.problem(`${name} : la ${specialtyName} ne se téléconsulte pas (part téléconsultable de 0 %, paramètre « teleconsultableShare »).`);
    return;
  }
  const received = residents.reduce((sum, c) => sum + context.adjustments.teleReceived[c * SPECIALTY_COUNT + s], 0);
  if (received + acts > maximum * need * (1 + 1e-9)) {
    context.problem(
      `${name} : ${actsText(acts)} téléconsultés${received > 0 ? ` (plus ${actsText(received)} par les leviers précédents)` : ''} dépassent la part téléconsultable en ${specialtyName} (${formatDecimal(maximum * 100)} % du besoin des habitants, soit ${actsText(floorActs(maximum * need))}).`,
    );
    return;
  }
  if (lever.provider.kind !== 'external') {
    // The provider's doctors give the acts in proportion to their own capacity, within the
    // convention's share of a doctor's activity that may be teleconsultation.
    const own = providers.map((c) => ownCapacity(context.adjustments, params, c, s));
    const capacity = own.reduce((a, b) => a + b, 0);
    const given = providers.reduce((sum, c) => sum + context.adjustments.teleGiven[c * SPECIALTY_COUNT + s], 0);
    const limit = PROVIDER_TELECONSULTATION_MAX.value * capacity;
    const place = providerPlace(lever.provider);
    if (capacity <= 0) {
      context.problem(`${name} : ${place} n’a aucun médecin en ${specialtyName}, rien ne peut en être téléconsulté. Choisissez d’autres médecins ou une offre extérieure.`);
      return;
    }
    if (given + acts > limit * (1 + 1e-9)) {
      const doctors = place.replace(/^la /, 'les médecins de la ').replace(/^le /, 'les médecins du ');
      context.problem(
        `${name} : ${doctors} ne peuvent téléconsulter que ${actsText(floorActs(Math.max(0, limit - given)))} de plus en ${specialtyName} (${formatDecimal(PROVIDER_TELECONSULTATION_MAX.value * 100)} % de leur activité de ${actsText(Math.round(capacity))}, règle conventionnelle), pas ${actsText(acts)}.`,
      );
      return;
    }
    providers.forEach((c, i) => {
      context.write('teleGiven')[c * SPECIALTY_COUNT + s] += (acts * own[i]) / capacity;
      context.touch(c);
    });
  }
  residents.forEach((c, i) => {
    const k = c * SPECIALTY_COUNT + s;
    const part = (acts * needs[i]) / need;
    context.write('teleReceived')[k] += part;
    if (lever.provider.kind === 'external') context.write('externalActs')[k] += part;
    context.touch(c);
  });
}

export const teleconsultation: LeverKindModule<typeof schema> = {
  kind: 'teleconsultation',
  schema,
  label: 'Téléconsultation',
  help: 'Des médecins d’ailleurs (ou une plateforme extérieure) consultent à distance une part du besoin des habitants du territoire, sur leur propre temps.',
  place: 'territory',
  form: [
    { type: 'territory', prefix: 'Patients : habitants du territoire ' },
    { type: 'specialty', name: 'specialty' },
    { type: 'custom', widget: 'teleconsultationTransfer' },
    {
      type: 'optionalCommune',
      name: 'assistedSite',
      label: 'Point de téléconsultation assistée (facultatif)',
      chosen: 'Point de téléconsultation assistée (infirmier)',
      remove: 'retirer',
      testId: 'assisted-site-search',
    },
  ],
  defaults({ place, specialty }) {
    const maximum = TELECONSULTABLE_MAX[specialty];
    return {
      ...('grid' in place ? { grid: place.grid, territory: place.territory } : { grid: 'COM', territory: place.commune }),
      specialty,
      share: Math.min(0.1, maximum.value),
      provider: { ...DEFAULT_TELE_PROVIDER },
      source: `plafond téléconsultable ${SPECIALTY_LABELS[specialty].toLowerCase()} ${formatPercent(maximum.value)} : ${maximum.source}`,
    };
  },
  apply,
  describe(lever, n) {
    const volume = lever.acts !== undefined ? `${countOf(lever.acts, 'acte', undefined, (v) => formatFixed(v, 0))} par an` : `${percentText(lever.share ?? 0)} du besoin`;
    const provider =
      lever.provider.kind === 'external'
        ? `par l’offre extérieure « ${lever.provider.label} » (hors offre des territoires)`
        : lever.provider.kind === 'commune'
          ? `par les médecins ${de(n.commune(lever.provider.commune))} (pris sur leur temps)`
          : `par les médecins du territoire ${n.territory(lever.provider.grid, lever.provider.territory)} (pris sur leur temps)`;
    const site = lever.assistedSite ? `, avec un point de téléconsultation assistée par un infirmier ${at(n.commune(lever.assistedSite))}` : '';
    return `Téléconsultation ${de(specialtyName(lever.specialty))} : ${volume} des habitants du territoire ${n.territory(lever.grid, lever.territory)}, assurés à distance ${provider}${site}.`;
  },
  mark(lever) {
    // Drawn where the patients are: the nurse-assisted point when there is one, else their territory.
    const patients = lever.assistedSite ? { commune: lever.assistedSite } : { grid: lever.grid, territory: lever.territory };
    const what = `${lever.assistedSite ? 'Téléconsultation assistée' : 'Téléconsultation'} (${doctorsPlural(lever.specialty)})`;
    if (lever.provider.kind === 'external') return { at: patients, text: `${what}, offre extérieure` };
    // An arrow from the doctors to the patients; a symbol alone when the provider cannot be placed.
    const from = lever.provider.kind === 'commune' ? { commune: lever.provider.commune } : { grid: lever.provider.grid, territory: lever.provider.territory };
    return { at: from, to: patients, fallback: patients, text: what };
  },
  grids: (lever) => [lever.grid, ...(lever.provider.kind === 'territory' ? [lever.provider.grid] : [])],
};
