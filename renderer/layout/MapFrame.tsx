// The map and what is drawn over it: the coloured communes (two halves side by side), the legend, the
// hover card, and the status lines (computing, placing a lever, loading, error). The hovered commune is
// kept here: moving the pointer re-renders the frame, not the page. Marks for the benchmark
// (bench/browser.ts): the first frame drawn with each new version of the colours.
import type { MutableRefObject } from 'react';
import { useState } from 'react';
import type { TsGeoLayer } from '../../common/tsgeo';
import type { CommuneAttributes } from '../../workers/db/grid-cells';
import type { Specialty } from '../../workers/engine/domain';
import { Legend } from '../map/Legend';
import type { MapPicture } from '../map/map-picture';
import { MapView, type HoverInfo, type LeverMark, type TownMark } from '../map/MapView';
import { Tooltip, type TooltipProps } from '../map/Tooltip';

interface Props {
  pack: { communes: TsGeoLayer; departements: TsGeoLayer; attributes: CommuneAttributes } | null;
  map: MapPicture | null;
  secondFill: { colors: Uint8Array; version: number } | null;
  /** Names of the two sides when side by side. */
  sides: { before: string; after: string };
  departement: string;
  towns: TownMark[];
  marks: LeverMark[];
  highlighted: number[];
  /** Workshop: large text and plain words. */
  workshop: boolean;
  captureRef: MutableRefObject<(() => HTMLCanvasElement | null) | null>;
  /** The first frame with colours is drawn (the page then lets DuckDB start). */
  onFirstFrame?(): void;
  onSelect(feature: number | null): void;
  legend: { unit: 'Communes' | 'Territoires'; withoutValueLabel: string; open: boolean; onToggle(): void };
  /** The next picture is being computed (the last one stays on screen). */
  computing: boolean;
  placing: boolean;
  error: string | null;
  /** The hovered commune's territory and figures (the tooltip). */
  hoverTerritory(feature: number): TooltipProps['territory'];
  grid: string;
  gridLabel: string;
  specialty: Specialty;
}

export function MapFrame({ pack, map, secondFill, sides, departement, towns, marks, highlighted, workshop, captureRef, onFirstFrame, onSelect, legend, computing, placing, error, hoverTerritory, grid, gridLabel, specialty }: Props) {
  const [hover, setHover] = useState<HoverInfo | null>(null);
  return (
    <>
      {pack && map && (
        <MapView
          communes={pack.communes}
          departements={pack.departements}
          fillColors={map.main.fillColors}
          fillVersion={map.main.version}
          secondFill={secondFill}
          focusDepartement={departement}
          towns={towns}
          large={workshop}
          marks={marks}
          highlighted={highlighted}
          captureRef={captureRef}
          onFrame={(version) => {
            const perf = window.__territoireSantePerf;
            if (perf?.frameVersion !== version) {
              window.__territoireSantePerf = { ...perf, frameVersion: version, frameAt: performance.now() };
              if (perf?.frameVersion === undefined) onFirstFrame?.();
            }
          }}
          onHover={setHover}
          onSelect={onSelect}
        />
      )}
      {map?.second && (
        <>
          <span className="side-label left">Avant : {sides.before}</span>
          <span className="side-label right">Après : {sides.after}</span>
        </>
      )}
      {map && (
        <div className="map-legend">
          <Legend title={map.title} source={map.source} main={map.main} second={map.second} unit={legend.unit} withoutValueLabel={legend.withoutValueLabel} open={legend.open} onToggle={legend.onToggle} />
        </div>
      )}
      {computing && (
        <div className="status" role="status">
          Calcul en cours…
        </div>
      )}
      {placing && <div className="pick-banner" role="status">Cliquez une commune pour placer le levier (Échap pour annuler).</div>}
      {!pack && !error && <div className="status">Chargement de la carte et de la base de données…</div>}
      {error && (
        <div className="status error" role="alert">
          Erreur : {error}
        </div>
      )}
      {hover && pack && (
        <Tooltip
          name={pack.attributes.names[hover.featureIndex]}
          code={pack.communes.codes[hover.featureIndex]}
          population={pack.attributes.population[hover.featureIndex]}
          territory={hoverTerritory(hover.featureIndex)}
          grid={grid}
          gridLabel={gridLabel}
          specialty={specialty}
          plain={workshop}
          x={hover.x}
          y={hover.y}
        />
      )}
    </>
  );
}
