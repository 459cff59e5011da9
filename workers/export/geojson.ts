// GeoJSON (RFC 7946, WGS84 longitude/latitude) of the diagnostic table: one feature per row with the
// table's columns as properties (keys of columns.ts, values at the CSV precision, null for no value).
// Commune grid: the commune's polygons. Other grids: one MultiPolygon per territory made of its
// communes' polygons, not dissolved (inner commune borders remain; GIS software can dissolve them).
// A territory whose communes have no polygon gets a null geometry (RFC 7946 §3.2).
import type { ComparisonRow, ComparisonTable, DashboardTable } from '../engine/dashboard';
import { comparisonColumns, dashboardColumns, hasExternalSupply, type Column } from './columns';
import { featureOfCommune, featurePolygons, membersOfTerritories, ringRanges, type MapInput, type Polygon } from './geometry';

export interface GeoJsonInput {
  table: DashboardTable;
  /** With a comparison, its before/after columns are added to the properties of the same territories. */
  comparison?: ComparisonTable | null;
  /** Restricts the specialty columns. */
  specialties?: readonly string[];
  map: MapInput;
}

const roundTo = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
};

function properties<Row>(columns: readonly Column<Row>[], row: Row, into: Record<string, string | number | null>): void {
  for (const column of columns) {
    const value = column.value(row);
    into[column.id] = typeof value === 'number' ? (Number.isFinite(value) ? roundTo(value, column.decimals) : null) : value;
  }
}

export function dashboardGeoJson(input: GeoJsonInput): string {
  const { table, map } = input;
  const columns = dashboardColumns(input.specialties);
  // The comparison's own code, label and population columns duplicate the table's: keep its figures.
  const changeColumns = input.comparison ? comparisonColumns(input.specialties, hasExternalSupply(input.comparison)).filter((c) => c.id !== 'code' && c.id !== 'libelle') : [];
  const changes = new Map<number, ComparisonRow>((input.comparison?.rows ?? []).map((r) => [r.territory, r]));
  const featureOf = featureOfCommune(map.layer, map.communeCodes);
  const ranges = ringRanges(map.layer);
  const members = membersOfTerritories(map.grid);

  const features: string[] = [];
  for (const row of table.rows) {
    const polygons: Polygon[] = [];
    for (const commune of members[row.territory] ?? []) {
      const feature = featureOf[commune];
      if (feature >= 0) polygons.push(...featurePolygons(map.layer, feature, ranges));
    }
    const props: Record<string, string | number | null> = { grille: table.gridId };
    properties(columns, row, props);
    const change = changes.get(row.territory);
    if (change) properties(changeColumns, change, props);
    const geometry = polygons.length === 0 ? null : polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
    features.push(JSON.stringify({ type: 'Feature', id: row.code, properties: props, geometry }));
  }
  // One feature per line: large files stay readable and diffable.
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}
