// First screen: the communes of France coloured by an indicator of their territory in the chosen grid
// (population, or a specialty's gap in FTE computed by the engine in the worker), the Meuse in view.
import type * as Comlink from 'comlink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo } from '../common/host-api';
import { GRIDS, OUTSIDE_GRID_CODES, type GridId, type PackManifest } from '../common/pack';
import { decodeTsGeo, type TsGeoLayer } from '../common/tsgeo';
import type { CommuneAttributes, GridCells } from '../workers/db/pack-db';
import { SPECIALTIES, SPECIALTY_COUNT, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../workers/engine/domain';
import type { DbWorkerApi } from '../workers/db/duckdb.worker';
import { loadGeometry, RESOURCE_BASE_URL, startDbWorker } from './data/load';
import { DataPanel } from './import/DataPanel';
import { formatFte, formatInteger } from './format';
import { host } from './host';
import { classLabels, classOf, DIVERGING_PALETTE, divergingBreaks, divergingLabels, OUTSIDE_COLOR, paletteFor, quantileBreaks, type Rgb } from './map/classes';
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

/** What the map colours: the population, or the FTE gap of one specialty (negative = deficit). */
type IndicatorId = 'population' | Specialty;

interface Choropleth {
  breaks: number[];
  palette: Rgb[];
  labels: string[];
  classCounts: number[];
  /** Territories without a value: outside the grid, or no health data. */
  withoutValue: number;
  fillColors: Uint8Array;
  version: number;
}

function buildChoropleth(cells: GridCells, values: Float64Array, diverging: boolean, version: number): Choropleth {
  const hasValue = (i: number) => cells.outside[i] === 0 && Number.isFinite(values[i]);
  const valid = Array.from(values).filter((_, i) => hasValue(i));
  const breaks = diverging ? divergingBreaks(valid) : quantileBreaks(valid);
  const palette = diverging ? [...DIVERGING_PALETTE] : paletteFor(breaks.length + 1);
  const classCounts = new Array<number>(palette.length).fill(0);
  let withoutValue = 0;
  values.forEach((value, i) => {
    if (hasValue(i)) classCounts[classOf(value, breaks)]++;
    else withoutValue++;
  });
  const fillColors = new Uint8Array(cells.cellOfCommune.length * 4);
  cells.cellOfCommune.forEach((cell, feature) => {
    const color = cell < 0 || !hasValue(cell) ? OUTSIDE_COLOR : palette[classOf(values[cell], breaks)];
    fillColors.set([color[0], color[1], color[2], 255], feature * 4);
  });
  const labels = diverging ? divergingLabels(breaks, 'ETP') : classLabels(breaks);
  return { breaks, palette, labels, classCounts, withoutValue, fillColors, version };
}

export function App() {
  const [appInfo, setAppInfo] = useState<AppInfo | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grid, setGrid] = useState<GridId>('COM');
  const [cells, setCells] = useState<GridCells | null>(null);
  const [indicator, setIndicator] = useState<IndicatorId>('population');
  const choroplethVersion = useRef(0);
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
        if (!cancelled) setCells(cells);
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
  // A specialty's gap needs the engine's results for this grid; until they are there, the population.
  const shown: IndicatorId = indicator !== 'population' && indicators ? indicator : 'population';
  const choropleth = useMemo(() => {
    if (!cells) return null;
    choroplethVersion.current += 1;
    if (shown === 'population' || !indicators) return buildChoropleth(cells, cells.population, false, choroplethVersion.current);
    const s = specialtyIndex(shown);
    const values = Float64Array.from(cells.codes, (code) => {
      const t = indicators.index.get(code);
      return t === undefined ? Number.NaN : indicators.gapFte[t * SPECIALTY_COUNT + s];
    });
    return buildChoropleth(cells, values, true, choroplethVersion.current);
  }, [cells, indicators, shown]);

  const territoryOf = (feature: number): TerritoryInfo | null => {
    if (!cells || !loaded) return null;
    const cell = cells.cellOfCommune[feature];
    if (cell < 0) return null;
    const t = indicators?.index.get(cells.codes[cell]);
    return {
      gp: t === undefined || !indicators ? null : { need: indicators.need[t * SPECIALTY_COUNT], capacity: indicators.capacity[t * SPECIALTY_COUNT], gapFte: indicators.gapFte[t * SPECIALTY_COUNT] },
      code: cells.codes[cell],
      label: cells.labels[cell],
      population: cells.population[cell],
      communes: cells.communeCount[cell],
      outside: cells.outside[cell] === 1,
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
        <label className="field">
          <span>Indicateur</span>
          <select value={indicator} onChange={(e) => setIndicator(e.target.value as IndicatorId)} data-testid="indicator-select">
            <option value="population">Population municipale</option>
            {SPECIALTIES.map((s) => (
              <option key={s} value={s} disabled={!indicators}>
                Écart en ETP — {SPECIALTY_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {!indicators && <p className="note">Écarts indisponibles : le paquet actif n’a pas de données de besoin et d’offre.</p>}

        <section className="legend" aria-label="Légende" data-testid="legend">
          <h2>
            {shown === 'population'
              ? `Population municipale par ${gridLabel.toLowerCase()} (habitants)`
              : `Écart en médecins ETP, ${SPECIALTY_LABELS[shown].toLowerCase()}, par ${gridLabel.toLowerCase()} (négatif : déficit)`}
          </h2>
          {choropleth && (
            <div className="legend-row legend-head">
              <span />
              <span>Classe</span>
              <span>Territoires</span>
            </div>
          )}
          {choropleth &&
            choropleth.labels.map((label, i) => (
              <div className="legend-row" key={label}>
                <span className="swatch" style={{ background: `rgb(${choropleth.palette[i].join(',')})` }} />
                <span className="legend-label">{label}</span>
                <span className="legend-count">{formatInteger(choropleth.classCounts[i])}</span>
              </div>
            ))}
          {choropleth && choropleth.withoutValue > 0 && (
            <div className="legend-row">
              <span className="swatch" style={{ background: `rgb(${OUTSIDE_COLOR.join(',')})` }} />
              <span className="legend-label">{OUTSIDE_GRID_CODES[grid]?.label ?? 'Sans valeur'}</span>
              <span className="legend-count" />
            </div>
          )}
          {choropleth && cells && (
            <p className="legend-total">
              Total : {formatInteger(cells.codes.length - choropleth.withoutValue)} territoires,{' '}
              {shown === 'population' ? 'classes par quantiles arrondis' : 'classes symétriques autour de l’équilibre (90e centile des écarts)'}
            </p>
          )}
          <p className="source">
            Source : {shown === 'population' ? (loaded?.manifest.tables.communes.label ?? '…') : 'moteur Territoire Santé : capacité (ETP × productivité) − besoin (taux de recours × population par âge), ' + (loaded?.manifest.label ?? '')} ;{' '}
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
