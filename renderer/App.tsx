// First screen: the communes of France coloured by the population of their territory in the chosen
// grid, the Meuse in view. All figures come from the active data pack through DuckDB.
import type * as Comlink from 'comlink';
import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../common/host-api';
import { GRIDS, OUTSIDE_GRID_CODES, type GridId, type PackManifest } from '../common/pack';
import { decodeTsGeo, type TsGeoLayer } from '../common/tsgeo';
import type { CommuneAttributes, GridCells } from '../workers/db/pack-db';
import { SPECIALTY_COUNT } from '../workers/engine/domain';
import type { DbWorkerApi } from '../workers/db/duckdb.worker';
import { loadGeometry, RESOURCE_BASE_URL, startDbWorker } from './data/load';
import { DataPanel } from './import/DataPanel';
import { formatFte, formatInteger } from './format';
import { host } from './host';
import { classLabels, classOf, OUTSIDE_COLOR, paletteFor, quantileBreaks } from './map/classes';
import { MapView, type HoverInfo } from './map/MapView';

const FOCUS_DEPARTEMENT = '55';

interface Loaded {
  /** Geometry drawn: the pack's own when it has one, else the application's. */
  communes: TsGeoLayer;
  defaultCommunes: TsGeoLayer;
  departements: TsGeoLayer;
  attributes: CommuneAttributes;
  manifest: PackManifest;
  packId: string;
  db: Comlink.Remote<DbWorkerApi>;
}

/** Engine results per territory of the current grid (all specialties), when the pack has health data. */
interface Indicators {
  index: Map<string, number>;
  need: Float64Array;
  capacity: Float64Array;
  gapFte: Float64Array;
}

interface Choropleth {
  cells: GridCells;
  breaks: number[];
  classCounts: number[];
  outsideCount: number;
  fillColors: Uint8Array;
  version: number;
}

function buildChoropleth(cells: GridCells, version: number): Choropleth {
  const territoryPopulations = Array.from(cells.population).filter((_, i) => cells.outside[i] === 0);
  const breaks = quantileBreaks(territoryPopulations);
  const palette = paletteFor(breaks.length + 1);
  const classCounts = new Array<number>(breaks.length + 1).fill(0);
  let outsideCount = 0;
  cells.population.forEach((population, i) => {
    if (cells.outside[i]) outsideCount++;
    else classCounts[classOf(population, breaks)]++;
  });
  const fillColors = new Uint8Array(cells.cellOfCommune.length * 4);
  cells.cellOfCommune.forEach((cell, feature) => {
    const color = cell < 0 || cells.outside[cell] ? OUTSIDE_COLOR : palette[classOf(cells.population[cell], breaks)];
    fillColors.set([color[0], color[1], color[2], 255], feature * 4);
  });
  return { cells, breaks, classCounts, outsideCount, fillColors, version };
}

export function App() {
  const [appInfo, setAppInfo] = useState<AppInfo | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grid, setGrid] = useState<GridId>('COM');
  const [choropleth, setChoropleth] = useState<Choropleth | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [dataPanel, setDataPanel] = useState(false);
  const [indicators, setIndicators] = useState<Indicators | null>(null);

  useEffect(() => {
    host.getAppInfo().then(setAppInfo, () => setAppInfo(null));
    (async () => {
      const db = startDbWorker();
      const [communes, departements] = await Promise.all([loadGeometry('communes'), loadGeometry('departements')]);
      const opened = await db.start(RESOURCE_BASE_URL, communes.codes);
      setLoaded({
        communes: opened.geometry ? decodeTsGeo(opened.geometry) : communes,
        defaultCommunes: communes,
        departements,
        attributes: opened.communes,
        manifest: opened.manifest,
        packId: opened.id,
        db,
      });
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    loaded.db
      .gridCells(grid)
      .then((cells) => {
        if (!cancelled) setChoropleth((previous) => buildChoropleth(cells, (previous?.version ?? 0) + 1));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    loaded.db
      .territoryIndicators(grid)
      .then((result) => {
        if (cancelled) return;
        setIndicators(result && { index: new Map(result.codes.map((code, i) => [code, i])), need: result.need, capacity: result.capacity, gapFte: result.gapFte });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [loaded, grid]);

  const usePack = async (id: string) => {
    if (!loaded) return;
    try {
      const opened = await loaded.db.usePack(id);
      setLoaded({
        ...loaded,
        communes: opened.geometry ? decodeTsGeo(opened.geometry) : loaded.defaultCommunes,
        attributes: opened.communes,
        manifest: opened.manifest,
        packId: opened.id,
      });
      setSelected(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const gridLabel = GRIDS.find((g) => g.id === grid)!.label;
  const labels = useMemo(() => (choropleth ? classLabels(choropleth.breaks) : []), [choropleth]);
  const palette = useMemo(() => (choropleth ? paletteFor(choropleth.breaks.length + 1) : []), [choropleth]);

  const territoryOf = (feature: number): TerritoryInfo | null => {
    if (!choropleth || !loaded) return null;
    const cell = choropleth.cells.cellOfCommune[feature];
    if (cell < 0) return null;
    const t = indicators?.index.get(choropleth.cells.codes[cell]);
    return {
      gp: t === undefined || !indicators ? null : { need: indicators.need[t * SPECIALTY_COUNT], capacity: indicators.capacity[t * SPECIALTY_COUNT], gapFte: indicators.gapFte[t * SPECIALTY_COUNT] },
      code: choropleth.cells.codes[cell],
      label: choropleth.cells.labels[cell],
      population: choropleth.cells.population[cell],
      communes: choropleth.cells.communeCount[cell],
      outside: choropleth.cells.outside[cell] === 1,
    };
  };

  const communeOf = (feature: number): CommuneInfo | null =>
    loaded && {
      code: loaded.communes.codes[feature],
      name: loaded.attributes.names[feature],
      population: loaded.attributes.population[feature],
    };

  const selectedTerritory = selected !== null ? territoryOf(selected) : null;

  return (
    <div className="app">
      <header className="app-header">
        <h1>Territoire Santé</h1>
        <p className="subtitle">Planification de l’offre de soins par territoire</p>
        <p className="provenance" data-testid="provenance" title={loaded?.manifest.label}>
          {loaded?.manifest.demo && (
            <span className="demo-badge" title="Chiffres estimés à partir de marges publiques réelles, pas observés">
              Estimation de démonstration
            </span>
          )}
          {loaded ? `Données : ${loaded.manifest.label}` : 'Chargement des données…'}
          {appInfo && <span className="shell"> · {appInfo.shell === 'electron' ? 'application de bureau' : 'mode navigateur'} v{appInfo.version}</span>}
        </p>
        <button type="button" className="header-button" onClick={() => setDataPanel((v) => !v)} disabled={!loaded} data-testid="open-data-panel">
          Données…
        </button>
      </header>
      <aside className="panel">
        <label className="field">
          <span>Maillage territorial</span>
          <select value={grid} onChange={(e) => setGrid(e.target.value as GridId)} data-testid="grid-select">
            {GRIDS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        {grid !== 'COM' && <p className="note">Zonages INSEE dérivé COG 2025, non officiel (libellés 2024).</p>}

        <section className="legend" aria-label="Légende" data-testid="legend">
          <h2>Population municipale par {gridLabel.toLowerCase()} (habitants)</h2>
          {choropleth && (
            <div className="legend-row legend-head">
              <span />
              <span>Classe</span>
              <span>Territoires</span>
            </div>
          )}
          {choropleth &&
            labels.map((label, i) => (
              <div className="legend-row" key={label}>
                <span className="swatch" style={{ background: `rgb(${palette[i].join(',')})` }} />
                <span className="legend-label">{label}</span>
                <span className="legend-count">{formatInteger(choropleth.classCounts[i])}</span>
              </div>
            ))}
          {choropleth && choropleth.outsideCount > 0 && (
            <div className="legend-row">
              <span className="swatch" style={{ background: `rgb(${OUTSIDE_COLOR.join(',')})` }} />
              <span className="legend-label">{OUTSIDE_GRID_CODES[grid]?.label ?? 'Hors maillage'}</span>
              <span className="legend-count" />
            </div>
          )}
          {choropleth && (
            <p className="legend-total">
              Total : {formatInteger(choropleth.cells.codes.length - choropleth.outsideCount)} territoires, classes par quantiles arrondis
            </p>
          )}
          <p className="source">
            Source : {loaded?.manifest.tables.communes.label ?? '…'} ;{' '}
            {loaded?.manifest.tables.geometrie?.label.toLowerCase() ?? 'géométrie IGN ADMIN EXPRESS (COG 2025, simplifiée)'}.
          </p>
        </section>

        <section className="selection" aria-live="polite" data-testid="selection">
          <h2>Territoire sélectionné</h2>
          {selectedTerritory ? (
            <dl>
              <dt>{gridLabel}</dt>
              <dd>
                {selectedTerritory.label} ({selectedTerritory.code})
              </dd>
              {!selectedTerritory.outside && (
                <>
                  <dt>Population</dt>
                  <dd data-testid="selection-population">{formatInteger(selectedTerritory.population)} hab.</dd>
                  <dt>Communes</dt>
                  <dd>{formatInteger(selectedTerritory.communes)}</dd>
                </>
              )}
            </dl>
          ) : (
            <p className="hint">Cliquez sur la carte pour afficher un territoire.</p>
          )}
        </section>
      </aside>

      <main className="map-area">
        {loaded && choropleth && (
          <MapView
            communes={loaded.communes}
            departements={loaded.departements}
            fillColors={choropleth.fillColors}
            fillVersion={choropleth.version}
            focusDepartement={FOCUS_DEPARTEMENT}
            onHover={setHover}
            onSelect={setSelected}
          />
        )}
        {!loaded && !error && <div className="status">Chargement de la carte et de la base de données…</div>}
        {error && (
          <div className="status error" role="alert">
            Impossible d’afficher la carte : {error}
          </div>
        )}
        {dataPanel && loaded && (
          <DataPanel db={loaded.db} activePackId={loaded.packId} onUsePack={usePack} onClose={() => setDataPanel(false)} />
        )}
        {hover && loaded && (
          <Tooltip commune={communeOf(hover.featureIndex)} territory={territoryOf(hover.featureIndex)} grid={grid} gridLabel={gridLabel} x={hover.x} y={hover.y} />
        )}
      </main>
    </div>
  );
}

interface TerritoryInfo {
  /** General practice: need and capacity in acts per year, FTE gap (negative = deficit). */
  gp: { need: number; capacity: number; gapFte: number } | null;
  code: string;
  label: string;
  population: number;
  communes: number;
  outside: boolean;
}

interface CommuneInfo {
  code: string;
  name: string;
  population: number;
}

interface TooltipProps {
  commune: CommuneInfo | null;
  territory: TerritoryInfo | null;
  grid: GridId;
  gridLabel: string;
  x: number;
  y: number;
}

function Tooltip({ commune, territory: t, grid, gridLabel, x, y }: TooltipProps) {
  if (!commune) return null;
  return (
    <div className="tooltip" role="tooltip" data-testid="tooltip" style={{ left: x + 14, top: y + 14 }}>
      <strong>
        {commune.name} ({commune.code})
      </strong>
      <div>Population : {formatInteger(commune.population)} hab.</div>
      {grid !== 'COM' && t && (
        <div className="tooltip-territory">
          {gridLabel} : {t.label} ({t.code})
          {!t.outside && (
            <div data-testid="tooltip-territory-population">
              Population du territoire : {formatInteger(t.population)} hab. ({formatInteger(t.communes)} communes)
            </div>
          )}
        </div>
      )}
      {t?.gp && (
        <div className="tooltip-territory" data-testid="tooltip-gp">
          Médecine générale{grid === 'COM' ? '' : ' (territoire)'} : besoin {formatInteger(t.gp.need)} actes, capacité{' '}
          {formatInteger(t.gp.capacity)} actes, écart <span data-testid="tooltip-gp-gap">{formatFte(t.gp.gapFte)}</span> ETP
        </div>
      )}
    </div>
  );
}
