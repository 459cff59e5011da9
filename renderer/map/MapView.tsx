// The deck.gl map: communes filled from binary attributes, and département borders.
// Colours change through an update trigger; the geometry buffers are never rebuilt.
// No commune outline layer: 2.2 M path vertices cost ~80 s per frame in software WebGL (SwiftShader),
// and the fill colours plus the hover highlight already separate communes.
import { MapView as DeckMapView, WebMercatorViewport, type MapViewState, type PickingInfo } from '@deck.gl/core';
import { PathLayer, SolidPolygonLayer } from '@deck.gl/layers';
import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { useEffect, useMemo, useRef } from 'react';
import type { TsGeoLayer } from '../../common/tsgeo';
import { BACKGROUND_COLOR } from './classes';
import type { MapDebugHooks } from './debug-hooks';

export interface HoverInfo {
  featureIndex: number;
  x: number;
  y: number;
}

interface Props {
  communes: TsGeoLayer;
  departements: TsGeoLayer;
  /** RGBA per commune feature, 4 bytes each. */
  fillColors: Uint8Array;
  /** Changes whenever fillColors holds new values. */
  fillVersion: number;
  focusDepartement: string;
  onHover(info: HoverInfo | null): void;
  onSelect(featureIndex: number | null): void;
}

const MAP_VIEW = new DeckMapView({ repeat: false });

/** Bounding box of one feature of a TSGEO layer. */
function featureBounds(layer: TsGeoLayer, code: string): [[number, number], [number, number]] | null {
  const index = layer.codes.indexOf(code);
  if (index < 0) return null;
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let v = layer.featureVertexStarts[index]; v < layer.featureVertexStarts[index + 1]; v++) {
    const lon = layer.positions[2 * v], lat = layer.positions[2 * v + 1];
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
  }
  return [[minLon, minLat], [maxLon, maxLat]];
}

function initialViewState(departements: TsGeoLayer, focus: string, width: number, height: number): MapViewState {
  const bounds = featureBounds(departements, focus);
  if (!bounds) return { longitude: 2.5, latitude: 46.6, zoom: 5 };
  const { longitude, latitude, zoom } = new WebMercatorViewport({ width, height }).fitBounds(bounds, { padding: 40 });
  return { longitude, latitude, zoom, minZoom: 3, maxZoom: 13 };
}


export function MapView({ communes, departements, fillColors, fillVersion, focusDepartement, onHover, onSelect }: Props) {
  const deckRef = useRef<DeckGLRef>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const viewStateRef = useRef<MapViewState | null>(null);

  const initial = useMemo(() => {
    const element = containerRef.current;
    return initialViewState(departements, focusDepartement, element?.clientWidth || window.innerWidth, element?.clientHeight || window.innerHeight);
  }, [departements, focusDepartement]);
  useEffect(() => {
    viewStateRef.current = initial;
  }, [initial]);

  useEffect(() => {
    const hooks: MapDebugHooks = {
      rendered: false,
      viewState: () => viewStateRef.current,
      project: (lon, lat) => {
        const viewport = deckRef.current?.deck?.getViewports()[0];
        return viewport ? (viewport.project([lon, lat]) as [number, number]) : null;
      },
      pickFeature: (x, y) => {
        const info = deckRef.current?.pickObject({ x, y, layerIds: ['communes-fill'] });
        return info && info.index >= 0 ? info.index : null;
      },
    };
    window.__territoireSanteMap = hooks;
    return () => {
      delete window.__territoireSanteMap;
    };
  }, []);

  const layers = useMemo(() => {
    const fill = new SolidPolygonLayer({
      id: 'communes-fill',
      data: {
        length: communes.codes.length,
        startIndices: communes.featureVertexStarts,
        attributes: {
          getPolygon: { value: communes.positions, size: 2 },
          indices: communes.triangles,
        },
      },
      _normalize: false,
      positionFormat: 'XY',
      getFillColor: (_: unknown, { index, target }: { index: number; target: number[] }) => {
        target[0] = fillColors[4 * index];
        target[1] = fillColors[4 * index + 1];
        target[2] = fillColors[4 * index + 2];
        target[3] = fillColors[4 * index + 3];
        return target as [number, number, number, number];
      },
      updateTriggers: { getFillColor: fillVersion },
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 140, 0, 200],
    });
    const borders = new PathLayer({
      id: 'departements-border',
      data: {
        length: departements.ringVertexStarts.length - 1,
        startIndices: departements.ringVertexStarts,
        attributes: { getPath: { value: departements.positions, size: 2 } },
      },
      _pathType: 'open',
      positionFormat: 'XY',
      getColor: [40, 40, 40, 230],
      getWidth: 1.6,
      widthUnits: 'pixels',
    });
    return [fill, borders];
  }, [communes, departements, fillColors, fillVersion]);

  return (
    <div
      ref={containerRef}
      className="map"
      role="application"
      aria-label="Carte des communes de France"
      style={{ background: `rgb(${BACKGROUND_COLOR.join(',')})` }}
    >
      <DeckGL
        ref={deckRef}
        views={MAP_VIEW}
        initialViewState={initial}
        controller={{ doubleClickZoom: true, keyboard: true }}
        layers={layers}
        onViewStateChange={({ viewState }) => {
          viewStateRef.current = viewState as MapViewState;
        }}
        onHover={(info: PickingInfo) => onHover(info.index >= 0 ? { featureIndex: info.index, x: info.x, y: info.y } : null)}
        onClick={(info: PickingInfo) => onSelect(info.index >= 0 ? info.index : null)}
        onAfterRender={() => {
          if (window.__territoireSanteMap && fillVersion > 0) window.__territoireSanteMap.rendered = true;
        }}
        getCursor={({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
      />
    </div>
  );
}
