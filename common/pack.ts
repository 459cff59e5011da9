// Data pack contract: a folder of tables plus manifest.json (docs/format-paquet.md). Shared by the
// build scripts, the workers, the importers and the CLI. Imports nothing platform-specific.

/**
 * Version of the manifest written today. 2: one Parquet file per table (`<table>.parquet`). 1: CSV
 * tables (`;`, header, UTF-8), still read and migrated (workers/db/pack-manifest.ts).
 */
export const PACK_SCHEMA_VERSION = 2;

/** How a table file is read, told by its extension; null for an unknown one. */
export type PackTableFormat = 'parquet' | 'csv';

export function packTableFormat(file: string): PackTableFormat | null {
  const extension = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return extension === 'parquet' || extension === 'csv' ? extension : null;
}

export interface PackSource {
  kind?: SourceKind | 'reference';
  file: string;
  bytes: number;
  sha256: string;
  vintage: string;
  publisher: string;
}

export interface PackTable {
  /**
   * File of the table in the pack folder: `<table>.parquet` as written today; `.csv` in packs of
   * version 1 (and in hand-made test packs). Other files (e.g. geometrie.tsgeo) are not SQL tables.
   */
  file: string;
  rows: number;
  sha256: string;
  /** Provenance label shown to users wherever the table's numbers appear. */
  label: string;
}

export interface PackManifest {
  schemaVersion: number;
  id: string;
  label: string;
  /** COG vintage every commune code of the pack is expressed in. */
  cog: number;
  sources: PackSource[];
  tables: Record<string, PackTable>;
  warnings: string[];
  /** Quality report of each import that built or updated the pack, oldest first. */
  imports?: ImportReport[];
  /** True for the embedded demo pack: its figures are estimates, labelled as such wherever shown. */
  demo?: boolean;
  /**
   * The engine's inputs read from the tables, saved for a fast start (workers/db/engine-snapshot.ts);
   * a pack without it, or whose snapshot is stale, is read from its tables.
   */
  engineSnapshot?: { file: string; sha256: string; version: number };
}

/** What one import read, kept and rejected, per source (shown in the app and kept in the manifest). */
export interface ImportReport {
  kind: SourceKind;
  file: string;
  bytes: number;
  sha256: string;
  vintage: string;
  rowsRead: number;
  rowsKept: number;
  rejected: Record<string, number>;
  /** First line numbers (in the file) of each rejected-line reason. */
  rejectedLines?: Record<string, number[]>;
  unknownCodes: Record<string, number>;
  notes: string[];
}

export type SourceKind =
  | 'damir'
  | 'rpps'
  | 'population'
  | 'zonages'
  | 'grille-perso'
  | 'temps'
  | 'finess'
  | 'bpe'
  | 'geometrie'
  | 'cartosante'
  | 'pathologies'
  | 'projections';

/**
 * Tables a pack may hold, with their columns and DuckDB types. Codes stay strings (leading zeros,
 * Corsica 2A/2B). `required` tables exist in every pack; the others come with the sources imported.
 */
export const PACK_TABLES = {
  communes: {
    required: true,
    columns: { code_commune: 'VARCHAR', nom: 'VARCHAR', dep: 'VARCHAR', reg: 'VARCHAR', population: 'BIGINT', lon: 'DOUBLE', lat: 'DOUBLE' },
  },
  appartenance: {
    required: true,
    columns: { code_commune: 'VARCHAR', EPCI: 'VARCHAR', BV2022: 'VARCHAR', ZE2020: 'VARCHAR', AAV2020: 'VARCHAR', DEP: 'VARCHAR' },
  },
  libelles: { required: true, columns: { grille: 'VARCHAR', code: 'VARCHAR', libelle: 'VARCHAR' } },
  /** Population per commune and 5-year age band (0, 5, …, 95 = 95 and over). */
  population_age5: { required: false, columns: { code_commune: 'VARCHAR', age5: 'INTEGER', population: 'DOUBLE' } },
  /** National use rates (the `rates` CLI output): acts per inhabitant per year. */
  taux_recours: {
    required: false,
    columns: { specialite: 'VARCHAR', tranche_age: 'INTEGER', actes: 'DOUBLE', population: 'DOUBLE', taux: 'DOUBLE' },
  },
  /** Regional use rates, by Open DAMIR patient region (BEN_RES_REG). */
  taux_recours_region: {
    required: false,
    columns: { region: 'VARCHAR', specialite: 'VARCHAR', tranche_age: 'INTEGER', actes: 'DOUBLE', population: 'DOUBLE', taux: 'DOUBLE' },
  },
  /** Physicians per commune × specialty × site role (seul, principal, secondaire). */
  sites: {
    required: false,
    columns: { code_commune: 'VARCHAR', specialite: 'VARCHAR', role: 'VARCHAR', nb_secondaires: 'INTEGER', medecins: 'DOUBLE' },
  },
  /** Acts per FTE per year derived from Open DAMIR and RPPS together. */
  productivite: { required: false, columns: { specialite: 'VARCHAR', actes_par_etp: 'DOUBLE', source: 'VARCHAR' } },
  temps: { required: false, columns: { origine: 'VARCHAR', destination: 'VARCHAR', minutes: 'DOUBLE' } },
  grilles_perso: {
    required: false,
    columns: { grille: 'VARCHAR', code_commune: 'VARCHAR', code_territoire: 'VARCHAR', libelle_territoire: 'VARCHAR' },
  },
  /** Health establishments; `urgences` 1/0, empty when the source has no emergency flag. */
  etablissements: {
    required: false,
    columns: { id: 'VARCHAR', nom: 'VARCHAR', code_commune: 'VARCHAR', categorie: 'VARCHAR', urgences: 'INTEGER', lon: 'DOUBLE', lat: 'DOUBLE', source: 'VARCHAR' },
  },
  /** MSP and centres de santé per commune, with the source they were counted from. */
  structures: { required: false, columns: { code_commune: 'VARCHAR', nb_msp: 'INTEGER', nb_cds: 'INTEGER', source: 'VARCHAR' } },
  /** Open DAMIR acts by patient (after redistribution of unknown ages), executing physician, and care month. */
  damir_actes: {
    required: false,
    columns: { annee: 'INTEGER', specialite: 'VARCHAR', tranche_age: 'INTEGER', region: 'VARCHAR', panier: 'VARCHAR', actes: 'DOUBLE' },
  },
  damir_actes_executant: {
    required: false,
    columns: { annee: 'INTEGER', specialite: 'VARCHAR', region_executant: 'VARCHAR', statut: 'INTEGER', panier: 'VARCHAR', actes: 'DOUBLE' },
  },
  /** Open DAMIR acts per care month (demand set, all baskets). */
  damir_mois: { required: false, columns: { annee: 'INTEGER', mois: 'INTEGER', lignes: 'BIGINT', actes: 'DOUBLE' } },
  /**
   * Open DAMIR acts per flux month (FLX_ANN_MOI, YYYYMM) × care month × specialty × basket (demand set): which
   * flux months carried each care month, so that its completeness is judged again at each re-derivation.
   */
  damir_flux: {
    required: false,
    columns: { flux: 'INTEGER', annee: 'INTEGER', mois: 'INTEGER', specialite: 'VARCHAR', panier: 'VARCHAR', lignes: 'BIGINT', actes: 'DOUBLE' },
  },
  /** Libéral physicians per specialty (RPPS), the denominator of productivity. */
  rpps_liberaux: { required: false, columns: { specialite: 'VARCHAR', medecins_liberaux: 'DOUBLE' } },
  /** Broad-band population (base-cc-evol-struct-pop): totals and 75+ only, not enough for need. */
  population_larges: { required: false, columns: { code_commune: 'VARCHAR', population: 'DOUBLE', population_75_plus: 'DOUBLE' } },
  /** CartoSanté share of ALD beneficiaries per bassin de vie (percent; empty = secret statistique). */
  ald_bv: { required: false, columns: { bv2022: 'VARCHAR', part_ald: 'DOUBLE', source: 'VARCHAR' } },
  /**
   * CNAM « Cartographie des pathologies » (effectifs file): people treated for a pathology per département
   * × 5-year age band (0, 5, …, 95 = 95 and over), both sexes. `pathologie`: `diabete` | `insuffisance_cardiaque`;
   * `prevalence`: a fraction (0–1) of `population` (the cartographie's own population, Npop); `source` says
   * where a secret cell's prevalence came from instead.
   */
  prevalence_pathologies: {
    required: false,
    columns: { pathologie: 'VARCHAR', dep: 'VARCHAR', age5: 'INTEGER', personnes: 'DOUBLE', population: 'DOUBLE', prevalence: 'DOUBLE', annee: 'INTEGER', source: 'VARCHAR' },
  },
  /** INSEE population projections (Omphale) per département × 5-year age band × year, both sexes. */
  projections_population: {
    required: false,
    columns: { dep: 'VARCHAR', age5: 'INTEGER', annee: 'INTEGER', population: 'DOUBLE', scenario: 'VARCHAR' },
  },
} as const satisfies Record<string, { required: boolean; columns: Record<string, string> }>;

export type PackTableName = keyof typeof PACK_TABLES;

/** Territory grids every pack provides through its `appartenance` table. */
export const GRIDS = [
  { id: 'COM', label: 'Commune' },
  { id: 'EPCI', label: 'Intercommunalité (EPCI)' },
  { id: 'BV2022', label: 'Bassin de vie 2022' },
  { id: 'ZE2020', label: "Zone d'emploi 2020" },
  { id: 'AAV2020', label: "Aire d'attraction des villes 2020" },
  { id: 'DEP', label: 'Département' },
] as const;

export type GridId = (typeof GRIDS)[number]['id'];

export const isGridId = (value: string): value is GridId => GRIDS.some((g) => g.id === value);

/** Custom grids imported by the user (e.g. CPTS perimeters) are named `PERSO:<name>`. */
export const CUSTOM_GRID_PREFIX = 'PERSO:';

/**
 * Codes that mean "no territory of this grid" (INSEE conventions): such communes are shown apart,
 * never summed into one nationwide pseudo-territory.
 */
export const OUTSIDE_GRID_CODES: Partial<Record<GridId, { code: string; label: string }>> = {
  AAV2020: { code: '000', label: 'Commune hors attraction des villes' },
  EPCI: { code: 'ZZZZZZZZZ', label: 'Commune sans EPCI à fiscalité propre' },
};
