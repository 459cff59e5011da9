// Data pack contract: a folder of tables plus manifest.json. Shared by the build scripts, the
// workers and (later) the importers and the CLI. Imports nothing platform-specific.

export const PACK_SCHEMA_VERSION = 1;

export interface PackSource {
  file: string;
  bytes: number;
  sha256: string;
  vintage: string;
  publisher: string;
}

export interface PackTable {
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
}

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

/**
 * Codes that mean "no territory of this grid" (INSEE conventions): such communes are shown apart,
 * never summed into one nationwide pseudo-territory.
 */
export const OUTSIDE_GRID_CODES: Partial<Record<GridId, { code: string; label: string }>> = {
  AAV2020: { code: '000', label: 'Commune hors attraction des villes' },
  EPCI: { code: 'ZZZZZZZZZ', label: 'Commune sans EPCI à fiscalité propre' },
};
