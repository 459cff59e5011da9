// Need from care pathways (issue 14, « responsabilité populationnelle »): people treated for a pathology
// per commune (the département's prevalence by age × the commune's population by age), split into
// strata, each stratum with a clinical programme (acts per person per year per specialty). The pathway
// need of a territory is then set beside the capacity of its installed doctors.
//
// The prevalence comes from the CNAM « Cartographie des pathologies » (pack table prevalence_pathologies,
// workers/import/pathologies.ts), by département × 5-year age band, both sexes; engine-inputs.ts weights
// it to the engine's age bands with the département's own population. Strata: the cartographie has no
// sub-level for diabetes (DIA_CAT_CAT) and its heart-failure sub-levels are not known to partition it
// (/work research note, docs/parcours.md), so strata are shares, entered with their source.
import { z } from 'zod';
import { BAND_COUNT, SPECIALTIES, SPECIALTY_COUNT, type Specialty } from './domain';
import type { Adjustments, EngineInputs, Grid } from './model';

export const PATHOLOGIES = ['diabete', 'insuffisance_cardiaque'] as const;
export type PathologyId = (typeof PATHOLOGIES)[number];
export const PATHOLOGY_COUNT = PATHOLOGIES.length;
export const pathologyIndex = (id: string): number => (PATHOLOGIES as readonly string[]).indexOf(id);

export const PATHOLOGY_LABELS: Record<PathologyId, string> = {
  diabete: 'Diabète',
  insuffisance_cardiaque: 'Insuffisance cardiaque',
};

/**
 * CNAM cartographie `top` codes of each pathology (the importer keeps these rows only). DIA_CAT_CAT counts
 * every treated diabetes, type 1 included (about 8 %); the reference programme's strata are those of type 2.
 */
export const PATHOLOGY_TOPS: Record<PathologyId, string> = {
  diabete: 'DIA_CAT_CAT',
  insuffisance_cardiaque: 'MCV_ICA_CAT',
};

/**
 * The prevalence the engine reads: for each prevalence group (a département), the share of the population
 * treated for each pathology in each engine age band. Layout: [(group × PATHOLOGY_COUNT + pathology) ×
 * BAND_COUNT + band], fractions (0–1).
 */
export interface PathologyInputs {
  groups: string[];
  /** Group of each commune (its département), -1 when the file gives none for it. */
  groupOfCommune: Int32Array;
  prevalence: Float64Array;
  /** Year(s) of the cartographie (« 2023 », or « diabète 2024, insuffisance cardiaque 2023 » when they differ). */
  years: string;
  /** Provenance label (shown wherever the figures appear). */
  source: string;
  /** Départements of the pack the file does not give: their people are unknown (left empty, never 0). */
  missingDepartements: string[];
  /** Pathologies the pack has no prevalence for (a file of one pathology only): counted 0, and said. */
  missingPathologies: PathologyId[];
}

/**
 * People treated for `pathology` living in commune `c`, after population levers: Σ bands population ×
 * factor × prevalence of the commune's département (0 when the pack has no prevalence for it).
 */
export function communePeople(inputs: EngineInputs, adjustments: Pick<Adjustments, 'populationFactor'>, c: number, pathology: number): number {
  const p = inputs.pathologies;
  const group = p?.groupOfCommune[c] ?? -1;
  if (!p || group < 0) return 0;
  const base = (group * PATHOLOGY_COUNT + pathology) * BAND_COUNT;
  let people = 0;
  for (let b = 0; b < BAND_COUNT; b++) {
    people += inputs.population[c * BAND_COUNT + b] * adjustments.populationFactor[c * BAND_COUNT + b] * p.prevalence[base + b];
  }
  return people;
}

/** Acts per person per year: from none up to weekly follow-up (52), the plausible range of a programme line. */
export const ACTS_PER_PERSON_RANGE = { min: 0, max: 52, unit: 'actes par personne et par an' } as const;

// Messages in French: they reach the user as they are (panel, CLI).
const text = z.string({ error: 'doit être un texte' }).min(1, { error: 'ne doit pas être vide' });
const specialtyId = z.enum(SPECIALTIES, { error: `doit être une spécialité (${SPECIALTIES.join(', ')})` });
const actsPerYear = z
  .number({ error: 'doit être un nombre' })
  .min(ACTS_PER_PERSON_RANGE.min, { error: `doit être compris entre ${ACTS_PER_PERSON_RANGE.min} et ${ACTS_PER_PERSON_RANGE.max} actes par personne et par an` })
  .max(ACTS_PER_PERSON_RANGE.max, { error: `doit être compris entre ${ACTS_PER_PERSON_RANGE.min} et ${ACTS_PER_PERSON_RANGE.max} actes par personne et par an` });

const stratumSchema = z.object({
  id: text,
  label: text,
  /** Share of the pathology's people in this stratum (the strata of a pathology sum to 1). */
  share: z.number({ error: 'doit être un nombre' }).min(0, { error: 'doit être compris entre 0 et 1' }).max(1, { error: 'doit être compris entre 0 et 1' }),
  shareSource: z.string({ error: 'doit être un texte' }),
  /** Acts per person per year, per specialty. */
  acts: z.partialRecord(specialtyId, actsPerYear, { error: `doit associer des codes de spécialité (${SPECIALTIES.join(', ')}) à des actes par personne et par an` }),
  /** The recommendation behind each specialty's frequency (HAS, learned society) or « hypothèse ». */
  actsSource: z.partialRecord(specialtyId, z.string({ error: 'doit être un texte' }), { error: `doit associer des codes de spécialité (${SPECIALTIES.join(', ')}) à des sources` }),
});

/**
 * A care programme: per pathology, strata that partition its people, each with acts per year per
 * specialty. Versioned JSON (`format`, `version`), editable in the « Parcours » panel and given to the
 * CLI with `--parcours`.
 */
export const programmeSchema = z.object({
  format: z.literal('territoire-sante/parcours', { error: 'doit valoir « territoire-sante/parcours »' }),
  version: z.literal(1, { error: 'doit valoir 1 (seule version connue de ce format)' }),
  name: text,
  pathologies: z
    .array(
      z.object({
        id: z.enum(PATHOLOGIES, { error: `doit être une pathologie connue (${PATHOLOGIES.join(', ')})` }),
        strata: z.array(stratumSchema, { error: 'doit être une liste de strates' }).min(1, { error: 'doit avoir au moins une strate' }),
      }),
      { error: 'doit être une liste de pathologies' },
    )
    .min(1, { error: 'doit avoir au moins une pathologie' }),
});

export type CareProgramme = z.infer<typeof programmeSchema>;
export type Stratum = z.infer<typeof stratumSchema>;

const HAS_DT2 = 'HAS, Guide du parcours de soins « Diabète de type 2 de l’adulte », mars 2014';
const HAS_IC = 'HAS, Guide du parcours de soins « Insuffisance cardiaque », 2014 (suivi minimal de l’IC systolique)';
// HAS asks for a yearly resting ECG, which the GP may do: a cardiology act is not required by the guide.
const CARDIO_DT2 = 'hypothèse : un avis cardiologique par an (la HAS demande un ECG de repos annuel, qui peut être fait par le médecin généraliste)';
const FHF_STRATA = 'hypothèse : répartition d’un territoire pionnier de la responsabilité populationnelle (FHF), 11 352 diabétiques dont 1 271 très complexes et 1 864 compliqués';

/**
 * The reference programme (version 1), each frequency with its recommendation. Frequencies are the
 * MINIMAL follow-up the guides state (« au moins »), so pathway need is a floor.
 */
export const DEFAULT_PROGRAMME: CareProgramme = {
  format: 'territoire-sante/parcours',
  version: 1,
  name: 'Programme de référence (recommandations HAS)',
  pathologies: [
    {
      id: 'diabete',
      strata: [
        {
          id: 'tres_complexe',
          label: 'Très complexe',
          share: 1271 / 11352,
          shareSource: FHF_STRATA,
          acts: { MG: 6, OPH: 1, CARDIO: 1 },
          actsSource: {
            MG: 'hypothèse : consultation tous les deux mois (au-delà du minimum trimestriel HAS 2014)',
            OPH: 'fond d’œil annuel (HAS 2010, dépistage de la rétinopathie diabétique)',
            CARDIO: CARDIO_DT2,
          },
        },
        {
          id: 'complique',
          label: 'Compliqué',
          share: 1864 / 11352,
          shareSource: FHF_STRATA,
          acts: { MG: 4, OPH: 1, CARDIO: 1 },
          actsSource: {
            MG: `au moins tous les trois mois (${HAS_DT2})`,
            OPH: 'fond d’œil annuel (HAS 2010, dépistage de la rétinopathie diabétique)',
            CARDIO: CARDIO_DT2,
          },
        },
        {
          id: 'non_complique',
          label: 'Non compliqué',
          share: 1 - (1271 + 1864) / 11352,
          shareSource: `${FHF_STRATA} (le reste)`,
          acts: { MG: 4, OPH: 0.5 },
          actsSource: {
            MG: `au moins tous les trois mois (${HAS_DT2})`,
            OPH: 'fond d’œil tous les deux ans si non insuliné, équilibré et sans rétinopathie (SFD 2016 ; ADA 2023)',
          },
        },
      ],
    },
    {
      id: 'insuffisance_cardiaque',
      strata: [
        {
          id: 'nyha_1',
          label: 'NYHA I, stable',
          share: 0.25,
          shareSource: 'hypothèse (répartition par classe NYHA non publiée par la Cartographie)',
          acts: { MG: 2, CARDIO: 1 },
          actsSource: { MG: `au moins 2 par an (${HAS_IC})`, CARDIO: `1 par an (${HAS_IC})` },
        },
        {
          id: 'nyha_2',
          label: 'NYHA II, stable',
          share: 0.45,
          shareSource: 'hypothèse (répartition par classe NYHA non publiée par la Cartographie)',
          acts: { MG: 4, CARDIO: 2 },
          actsSource: { MG: `au moins 4 par an (${HAS_IC})`, CARDIO: `2 par an (${HAS_IC})` },
        },
        {
          id: 'nyha_3_4',
          label: 'NYHA III–IV',
          share: 0.3,
          shareSource: 'hypothèse (répartition par classe NYHA non publiée par la Cartographie)',
          acts: { MG: 4, CARDIO: 4 },
          actsSource: { MG: `4 à 12 par an, borne basse (${HAS_IC})`, CARDIO: `4 à 12 par an, borne basse (${HAS_IC})` },
        },
      ],
    },
  ],
};

/**
 * A programme read from JSON (file or panel), checked: schema, and the strata of each pathology summing to
 * 1 (± 0,001). Throws an Error with a French message that names the pathology or stratum.
 */
export function parseProgramme(raw: unknown): CareProgramme {
  const parsed = programmeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // zod writes unknown record keys in English: an unknown specialty code is the usual case.
    const message = issue.code === 'unrecognized_keys' ? `code${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `« ${k} »`).join(', ')} (codes de spécialité attendus : ${SPECIALTIES.join(', ')})` : issue.message;
    throw new Error(
      `Programme de parcours invalide (champ « ${issue.path.join('.') || 'programme'} ») : ${message}. Partez du programme de référence (onglet « Parcours de soins », « Enregistrer le programme », ou « pathways --parcours-reference »).`,
    );
  }
  const pathologies = parsed.data.pathologies.map((p) => p.id);
  const twice = pathologies.find((id, i) => pathologies.indexOf(id) !== i);
  if (twice) throw new Error(`Programme de parcours invalide : la pathologie « ${twice} » est donnée deux fois ; ses personnes seraient comptées deux fois. Gardez-en une seule.`);
  for (const pathology of parsed.data.pathologies) {
    const ids = pathology.strata.map((s) => s.id);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated) throw new Error(`Programme de parcours invalide : la strate « ${repeated} » de « ${PATHOLOGY_LABELS[pathology.id]} » est donnée deux fois. Donnez à chaque strate un identifiant propre.`);
    const sum = pathology.strata.reduce((total, s) => total + s.share, 0);
    if (Math.abs(sum - 1) > 1e-3) {
      throw new Error(
        `Programme de parcours invalide : les strates de « ${PATHOLOGY_LABELS[pathology.id]} » font ${(sum * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} % des personnes ; elles doivent en faire 100 %.`,
      );
    }
  }
  return parsed.data;
}

/** One row of the pathway table: a territory × pathology × stratum. */
export interface PathwayRow {
  territory: number;
  pathology: PathologyId;
  stratum: string;
  stratumLabel: string;
  /** People in the stratum (estimated), persons. */
  people: number;
  /** Acts per year per specialty the programme asks for these people (SPECIALTY_COUNT values). */
  acts: Float64Array;
}

/** The pathway need of every territory of a grid, with the capacity and age-based need it is set beside. */
export interface PathwayTable {
  grid: Grid;
  rows: PathwayRow[];
  /** territory × specialty: programme acts per year, all pathologies and strata. */
  programmeActs: Float64Array;
  /** territory × specialty, acts per year: capacity and need of the evaluation. */
  capacity: Float64Array;
  need: Float64Array;
  /** 1 for the territories with at least one commune of a département the prevalence gives. */
  covered: Uint8Array;
}

/**
 * Pathway need per territory of `grid` (territory × pathology × stratum rows, grid order), for the
 * population of `adjustments` (baseline or a scenario's levers) against the evaluation's `capacity` and
 * `need` (territory × specialty, acts per year). People of a commune outside every territory are left out,
 * as in every grid total. Returns null when the pack has no prevalence.
 */
export function pathwayTable(
  inputs: EngineInputs,
  adjustments: Pick<Adjustments, 'populationFactor'>,
  territories: { grid: Grid; capacity: Float64Array; need: Float64Array },
  programme: CareProgramme,
): PathwayTable | null {
  if (!inputs.pathologies) return null;
  const { grid } = territories;
  const t = grid.codes.length;
  const people = new Float64Array(t * PATHOLOGY_COUNT);
  const covered = new Uint8Array(t);
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell < 0) return;
    if (inputs.pathologies!.groupOfCommune[c] >= 0) covered[cell] = 1;
    for (let p = 0; p < PATHOLOGY_COUNT; p++) people[cell * PATHOLOGY_COUNT + p] += communePeople(inputs, adjustments, c, p);
  });
  const rows: PathwayRow[] = [];
  const programmeActs = new Float64Array(t * SPECIALTY_COUNT);
  for (let cell = 0; cell < t; cell++) {
    for (const pathology of programme.pathologies) {
      const total = people[cell * PATHOLOGY_COUNT + pathologyIndex(pathology.id)];
      for (const stratum of pathology.strata) {
        const inStratum = total * stratum.share;
        const acts = new Float64Array(SPECIALTY_COUNT);
        SPECIALTIES.forEach((s: Specialty, i) => {
          acts[i] = inStratum * (stratum.acts[s] ?? 0);
          programmeActs[cell * SPECIALTY_COUNT + i] += acts[i];
        });
        rows.push({ territory: cell, pathology: pathology.id, stratum: stratum.id, stratumLabel: stratum.label, people: inStratum, acts });
      }
    }
  }
  return { grid, rows, programmeActs, capacity: territories.capacity, need: territories.need, covered };
}

/**
 * What a programme asks of a territory's doctors of one specialty (acts per year):
 * - shareOfCapacity: acts ÷ installed capacity (NaN without capacity);
 * - coveredShare: the part of the acts the capacity left after the need (capacity − need, never below 0)
 *   would cover, 0–1 (NaN without acts);
 * - deliverable: all of them (coveredShare 1).
 * Today's use rates already contain part of these follow-ups (Open DAMIR does not say which), so
 * « non réalisable » is a conservative reading, stated as such wherever it is shown; in a territory already
 * short of doctors, no act can be added without new capacity: coveredShare says how far each one is.
 */
export function programmeLoad(programmeActs: number, capacity: number, need: number): { shareOfCapacity: number; coveredShare: number; deliverable: boolean } {
  const left = Math.max(0, capacity - need);
  return {
    shareOfCapacity: capacity > 0 ? programmeActs / capacity : Number.NaN,
    coveredShare: programmeActs > 0 ? Math.min(1, left / programmeActs) : Number.NaN,
    deliverable: programmeActs <= left + 1e-9,
  };
}
