// The deck.gl map: communes filled from binary attributes, and département borders.
// Colours change through an update trigger; the geometry buffers are never rebuilt.
// No commune outline layer: 2.2 M path vertices cost ~80 s per frame in software WebGL (SwiftShader),
// and the fill colours plus the hover highlight already separate communes.
import { MapView as DeckMapView, WebMercatorViewport, type MapViewState, type PickingInfo } from '@deck.gl/core';
import { LineLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
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
  /** The user's territory: outlined, framed at start and by « Recentrer »; '' for all of France. */
  focusDepartement: string;
  /** Names of the main towns (renderer/map/town-labels.ts), with their lon/lat. */
  towns?: TownMark[];
  /** Workshop mode (projector): larger labels. */
  large?: boolean;
  /** Side by side: the left half draws fillColors (before), the right half these (after). */
  secondFill?: { colors: Uint8Array; version: number } | null;
  /** Levers drawn on the map: symbols at communes, arrows for secondary sites. */
  marks?: LeverMark[];
  /** Commune features outlined (the selected territory). */
  highlighted?: number[];
  /** Filled with a function returning the map canvas (PNG export). */
  captureRef?: MutableRefObject<(() => HTMLCanvasElement | null) | null>;
  /** Called after each frame drawn with new colours (benchmarks and tests). */
  onFrame?(fillVersion: number): void;
  onHover(info: HoverInfo | null): void;
  onSelect(featureIndex: number | null): void;
}

export interface TownMark {
  at: [number, number];
  name: string;
  minZoom: number;
}

export interface LeverMark {
  id: string;
  /** Lon/lat of the commune, and of the destination for an arrow. */
  at: [number, number];
  to?: [number, number];
  text: string;
  enabled: boolean;
  /** Rank among the marks drawn from the same place: labels are stacked so that they do not overlap. */
  labelRank?: number;
}

// Gentler wheel steps than deck.gl's default (speed 0.01): one notch is about a third of a zoom level,
// so three notches no longer take the user from a département to a street.
const CONTROLLER = { doubleClickZoom: true, keyboard: true, scrollZoom: { speed: 0.004, smooth: false } };
const SINGLE_VIEW = [new DeckMapView({ id: 'main', repeat: false, controller: CONTROLLER })];
const SIDE_BY_SIDE_VIEWS = [
  new DeckMapView({ id: 'left', x: 0, width: '50%', repeat: false, controller: CONTROLLER }),
  new DeckMapView({ id: 'right', x: '50%', width: '50%', repeat: false, controller: CONTROLLER }),
];
const MARK_COLOR: [number, number, number] = [0, 90, 50];

/** Arrowhead triangle at `to`, sized relative to the arrow so that it reads at any zoom. */
function arrowHead(from: [number, number], to: [number, number]): [number, number][] {
  const dx = to[0] - from[0], dy = to[1] - from[1];
  const length = Math.hypot(dx, dy) || 1e-6;
  const size = Math.min(length * 0.3, 0.05);
  const ux = dx / length, uy = dy / length;
  const baseX = to[0] - ux * size, baseY = to[1] - uy * size;
  return [to, [baseX - uy * size * 0.6, baseY + ux * size * 0.6], [baseX + uy * size * 0.6, baseY - ux * size * 0.6]];
}

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

/** Pixels kept free under the département side by side: the legend is a band across both halves there (Legend.tsx). */
const SIDE_BY_SIDE_LEGEND_HEIGHT = 110;

/** The view that fits the focus département in one map of `width` × `height` px, above `bottomInset` px. */
function initialViewState(departements: TsGeoLayer, focus: string, width: number, height: number, bottomInset = 0): MapViewState {
  const bounds = featureBounds(departements, focus);
  if (!bounds) return { longitude: 2.5, latitude: 46.6, zoom: 5, minZoom: 3, maxZoom: 13 };
  const padding = { top: 40, left: 40, right: 40, bottom: 40 + bottomInset };
  const { longitude, latitude, zoom } = new WebMercatorViewport({ width, height }).fitBounds(bounds, { padding });
  return { longitude, latitude, zoom, minZoom: 3, maxZoom: 13 };
}


const NO_TOWNS: TownMark[] = [];

/** The hovered commune's tint (blended over its class colour). */
const HOVER_COLOR: [number, number, number, number] = [0, 150, 170, 190];

/** Above this many lever marks, their labels show only from zoom CROWDED_LABEL_ZOOM (a few départements on screen). */
const CROWDED_MARKS = 30;
const CROWDED_LABEL_ZOOM = 6;

export function MapView({ communes, departements, fillColors, fillVersion, focusDepartement, towns = NO_TOWNS, large = false, secondFill, marks = [], highlighted = [], captureRef, onFrame, onHover, onSelect }: Props) {
  const deckRef = useRef<DeckGLRef>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const viewStateRef = useRef<MapViewState | null>(null);
  const pressRef = useRef<{ x: number; y: number; at: number } | null>(null);

  /** The commune under the pointer (-1: none). */
  const [hovered, setHovered] = useState(-1);
  // Controlled view state: one state for every view, so the two halves of side by side move together.
  const [viewState, setViewState] = useState<MapViewState>(() => initialViewState(departements, focusDepartement, window.innerWidth, window.innerHeight));
  // Fit the focus département to the map's real size once it is laid out (the table takes part of the height).
  // Side by side, each half is a map of half the width.
  const sideBySide = Boolean(secondFill);
  const recenter = useCallback(() => {
    const element = containerRef.current;
    const width = element?.clientWidth || window.innerWidth, height = element?.clientHeight || window.innerHeight;
    const fitted = sideBySide ? initialViewState(departements, focusDepartement, width / 2, height, SIDE_BY_SIDE_LEGEND_HEIGHT) : initialViewState(departements, focusDepartement, width, height);
    viewStateRef.current = fitted;
    setViewState(fitted);
  }, [departements, focusDepartement, sideBySide]);
  useLayoutEffect(recenter, [recenter]);

  // Towns named at this zoom, in half-zoom steps so that the label layer changes only at a threshold.
  const zoomStep = Math.floor((viewState.zoom ?? 5) * 2) / 2;
  const townLayer = useMemo(
    () =>
      new TextLayer<TownMark>({
        id: 'town-names',
        data: towns.filter((t) => t.minZoom <= zoomStep),
        getPosition: (t) => t.at,
        getText: (t) => t.name,
        getSize: large ? 24 : 14,
        getColor: [25, 25, 25, 255],
        characterSet: 'auto',
        fontFamily: 'system-ui, DejaVu Sans, sans-serif',
        fontWeight: 600,
        outlineWidth: large ? 4 : 3,
        outlineColor: [255, 255, 255, 230],
        fontSettings: { sdf: true },
        updateTriggers: { getSize: large },
      }),
    [towns, zoomStep, large],
  );

  useEffect(() => {
    if (!captureRef) return;
    captureRef.current = () => {
      const deck = deckRef.current?.deck;
      if (!deck) return null;
      deck.redraw('capture');
      return (deck as unknown as { getCanvas(): HTMLCanvasElement | null }).getCanvas();
    };
    return () => {
      captureRef.current = null;
    };
  }, [captureRef]);

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

  // Binary data objects kept across renders: deck.gl recomputes every attribute (2,2 M vertices) when
  // a layer's `data` changes identity, and only the colours when the update trigger changes.
  const fillData = useMemo(
    () => ({
      length: communes.codes.length,
      startIndices: communes.featureVertexStarts,
      attributes: { getPolygon: { value: communes.positions, size: 2 }, indices: communes.triangles },
    }),
    [communes],
  );
  const borderData = useMemo(
    () => ({
      length: departements.ringVertexStarts.length - 1,
      startIndices: departements.ringVertexStarts,
      attributes: { getPath: { value: departements.positions, size: 2 } },
    }),
    [departements],
  );
  // First ring of each commune feature (rings are stored feature after feature), for outlines.
  const featureFirstRing = useMemo(() => {
    const first = new Uint32Array(communes.codes.length + 1);
    let ring = 0;
    for (let f = 0; f <= communes.codes.length; f++) {
      const start = f < communes.codes.length ? communes.featureVertexStarts[f] : Infinity;
      while (ring < communes.ringVertexStarts.length - 1 && communes.ringVertexStarts[ring] < start) ring++;
      first[f] = ring;
    }
    return first;
  }, [communes]);

  // Rings of the user's département, drawn thick over the borders so that « my territory » stands out.
  const focusRings = useMemo(() => {
    const index = departements.codes.indexOf(focusDepartement);
    if (index < 0) return [];
    const start = departements.featureVertexStarts[index], end = departements.featureVertexStarts[index + 1];
    const rings: [number, number][][] = [];
    for (let r = 0; r < departements.ringVertexStarts.length - 1; r++) {
      const from = departements.ringVertexStarts[r];
      if (from < start || from >= end) continue;
      const path: [number, number][] = [];
      for (let v = from; v < departements.ringVertexStarts[r + 1]; v++) path.push([departements.positions[2 * v], departements.positions[2 * v + 1]]);
      rings.push(path);
    }
    return rings;
  }, [departements, focusDepartement]);

  const layers = useMemo(() => {
    const fillLayer = (id: string, colors: Uint8Array, version: number) =>
      new SolidPolygonLayer({
        id,
        data: fillData,
        _normalize: false,
        positionFormat: 'XY',
        getFillColor: (_: unknown, { index, target }: { index: number; target: number[] }) => {
          target[0] = colors[4 * index];
          target[1] = colors[4 * index + 1];
          target[2] = colors[4 * index + 2];
          target[3] = colors[4 * index + 3];
          return target as [number, number, number, number];
        },
        updateTriggers: { getFillColor: version },
        pickable: true,
        // The hovered commune, held here rather than by deck.gl's autoHighlight, which kept it lit when
        // the pointer left the map in one jump. Teal, a colour no class of any map uses: an orange hover
        // read as « déficit » or « perd des médecins » at the projector.
        highlightedObjectIndex: hovered,
        highlightColor: HOVER_COLOR,
      });
    const borders = new PathLayer({
      id: 'departements-border',
      data: borderData,
      _pathType: 'open',
      positionFormat: 'XY',
      getColor: [40, 40, 40, 230],
      getWidth: 1.6,
      widthUnits: 'pixels',
    });
    const focusOutline = new PathLayer<[number, number][]>({
      id: 'focus-outline',
      data: focusRings,
      getPath: (ring) => ring,
      getColor: [20, 20, 20, 255],
      getWidth: 4,
      widthUnits: 'pixels',
    });
    // Outline of the selected territory: the rings of its communes.
    const outline = new PathLayer<number>({
      id: 'selection-outline',
      data: highlighted.flatMap((feature) => {
        const rings: number[] = [];
        for (let r = featureFirstRing[feature]; r < featureFirstRing[feature + 1]; r++) rings.push(r);
        return rings;
      }),
      getPath: (ring: number) => {
        const path: [number, number][] = [];
        for (let v = communes.ringVertexStarts[ring]; v < communes.ringVertexStarts[ring + 1]; v++) path.push([communes.positions[2 * v], communes.positions[2 * v + 1]]);
        return path;
      },
      getColor: [20, 20, 20, 255],
      getWidth: 2.5,
      widthUnits: 'pixels',
    });
    const arrows = marks.filter((m) => m.to);
    const markLayers = [
      new LineLayer<LeverMark>({
        id: 'lever-arrows',
        data: arrows,
        getSourcePosition: (m) => m.at,
        getTargetPosition: (m) => m.to!,
        getColor: (m) => [...MARK_COLOR, m.enabled ? 255 : 90],
        getWidth: large ? 5 : 3,
        widthUnits: 'pixels',
      }),
      new SolidPolygonLayer<LeverMark>({
        id: 'lever-arrow-heads',
        data: arrows,
        getPolygon: (m) => arrowHead(m.at, m.to!),
        getFillColor: (m) => [...MARK_COLOR, m.enabled ? 255 : 90],
      }),
      new ScatterplotLayer<LeverMark>({
        id: 'lever-symbols',
        data: marks.filter((m) => !m.to),
        getPosition: (m) => m.at,
        getRadius: large ? 14 : 9,
        radiusUnits: 'pixels',
        stroked: true,
        getFillColor: (m) => (m.enabled ? [255, 255, 255, 255] : [255, 255, 255, 120]),
        getLineColor: (m) => [...MARK_COLOR, m.enabled ? 255 : 90],
        getLineWidth: 3,
        lineWidthUnits: 'pixels',
      }),
      new TextLayer<LeverMark>({
        id: 'lever-labels',
        // Many marks (a laisser-faire scenario: one per département) are labelled only once zoomed in on a
        // few départements: over the whole of France their labels would cover the map.
        data: marks.length > CROWDED_MARKS && zoomStep < CROWDED_LABEL_ZOOM ? marks.filter((m) => m.to) : marks,
        // An arrow's label sits on its middle: arrows from one place (Nancy's teleconsultations) keep
        // their labels apart.
        getPosition: (m) => (m.to ? [(m.at[0] + m.to[0]) / 2, (m.at[1] + m.to[1]) / 2] : m.at),
        getText: (m) => m.text,
        getSize: large ? 26 : 14,
        getPixelOffset: (m) => [0, (large ? -30 : -20) - (large ? 30 : 18) * (m.labelRank ?? 0)],
        getColor: (m) => [...MARK_COLOR, m.enabled ? 255 : 120],
        characterSet: 'auto',
        fontFamily: 'system-ui, DejaVu Sans, sans-serif',
        fontWeight: 700,
        outlineWidth: 3,
        outlineColor: [255, 255, 255, 255],
        fontSettings: { sdf: true },
      }),
    ];
    if (secondFill) {
      return [fillLayer('communes-fill', fillColors, fillVersion), fillLayer('communes-fill-after', secondFill.colors, secondFill.version), borders, focusOutline, outline, townLayer, ...markLayers];
    }
    return [fillLayer('communes-fill', fillColors, fillVersion), borders, focusOutline, outline, townLayer, ...markLayers];
  }, [communes, fillData, borderData, featureFirstRing, focusRings, townLayer, large, fillColors, fillVersion, secondFill, marks, highlighted, hovered, zoomStep]);

  // Both halves share one view state, so they always show the same place.
  const layerFilter = useMemo(
    () =>
      sideBySide
        ? ({ layer, viewport }: { layer: { id: string }; viewport: { id: string } }) =>
            layer.id === 'communes-fill' ? viewport.id === 'left' : layer.id === 'communes-fill-after' ? viewport.id === 'right' : true
        : null,
    [sideBySide],
  );

  return (
    <div
      ref={containerRef}
      // Clicks are recognised here rather than by deck.gl's tap recogniser, which waits for a possible
      // double-click drag and did not report single clicks in our tests: a press and release within a
      // few pixels selects the commune under the pointer.
      onPointerDown={(e) => {
        pressRef.current = { x: e.clientX, y: e.clientY, at: e.timeStamp };
      }}
      onPointerLeave={() => {
        setHovered(-1);
        onHover(null);
      }}
      onPointerUp={(e) => {
        const press = pressRef.current;
        pressRef.current = null;
        if (!press || Math.hypot(e.clientX - press.x, e.clientY - press.y) > 4 || e.timeStamp - press.at > 800) return;
        const bounds = e.currentTarget.getBoundingClientRect();
        const info = deckRef.current?.pickObject({ x: e.clientX - bounds.left, y: e.clientY - bounds.top, layerIds: ['communes-fill', 'communes-fill-after'] });
        onSelect(info && info.index >= 0 ? info.index : null);
      }}
      className="map"
      role="application"
      aria-label="Carte des communes de France"
      style={{ background: `rgb(${BACKGROUND_COLOR.join(',')})` }}
    >
      <DeckGL
        ref={deckRef}
        views={sideBySide ? SIDE_BY_SIDE_VIEWS : SINGLE_VIEW}
        viewState={viewState}
        layerFilter={layerFilter}
        layers={layers}
        onViewStateChange={({ viewState }) => {
          viewStateRef.current = viewState as MapViewState;
          setViewState(viewState as MapViewState);
        }}
        onHover={(info: PickingInfo) => {
          setHovered(info.index);
          onHover(info.index >= 0 ? { featureIndex: info.index, x: info.x, y: info.y } : null);
        }}
        onAfterRender={() => {
          if (window.__territoireSanteMap && fillVersion > 0 && !window.__territoireSanteMap.rendered) {
            window.__territoireSanteMap.rendered = true;
            window.__territoireSantePerf = { ...window.__territoireSantePerf, firstMapAt: performance.now() };
          }
          onFrame?.(fillVersion);
        }}
        getCursor={({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
      />
      <button
        type="button"
        className="map-recenter"
        // The press must not reach the map's click recogniser above.
        onPointerDown={(e) => e.stopPropagation()}
        onPointerUp={(e) => e.stopPropagation()}
        onClick={recenter}
        title={focusDepartement ? `Revenir au cadrage du département ${focusDepartement}` : 'Revenir à la France entière'}
        data-testid="recenter"
      >
        Recentrer
      </button>
    </div>
  );
}
