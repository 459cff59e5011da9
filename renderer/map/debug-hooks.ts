// Read-only hooks the map exposes for the end-to-end tests: render state, projection and picking.
import type { MapViewState } from '@deck.gl/core';

export interface MapDebugHooks {
  /** True once deck.gl has drawn the communes with their colours. */
  rendered: boolean;
  viewState(): MapViewState | null;
  /** Pixel position (relative to the map) of a lon/lat point. */
  project(lon: number, lat: number): [number, number] | null;
  /** Index of the commune feature drawn at a map pixel. */
  pickFeature(x: number, y: number): number | null;
}

/** Timestamps (performance.now) of the last recompute, for the browser benchmark. */
export interface PerfMarks {
  /** First frame with the communes coloured, since navigation start. */
  firstMapAt?: number;
  /** When the page asked the worker, how long until the answer arrived, and the worker's own share. */
  indicatorsRequestedAt?: number;
  lastIndicatorsMs?: number;
  workerComputeMs?: number;
  /** When the worker's figures arrived in the page. */
  indicatorsAt?: number;
  /** Version and time of the last colours handed to deck.gl. */
  fillVersion?: number;
  fillAt?: number;
  /** Version and time of the first frame drawn with them. */
  frameVersion?: number;
  frameAt?: number;
  /** The parts of the start-up, so that the slowest is visible (`npm run bench` prints them). */
  startup?: StartupMarks;
}

/** Start-up parts: times since navigation (…At) and durations (…Ms), in ms. */
export interface StartupMarks {
  /** The page's bundle is downloaded and evaluated (renderer/main.tsx, before React's first render). */
  scriptAt: number;
  /** Worker created → its first answer, less the pack's own parts below (module load and start). */
  workerStartMs?: number;
  /** Manifest and engine snapshot read (or DuckDB started and the tables loaded, without a snapshot). */
  packReadMs?: number;
  /** Engine built on the inputs. */
  engineMs?: number;
  /** Whether the pack's engine snapshot was used. */
  snapshot?: boolean;
  /** Commune geometry downloaded and decoded (in parallel with the worker). */
  geometryMs?: number;
  /** Both ready → the first map's figures (grid cells, indicators) in the page. */
  figuresMs?: number;
  /** The first colours handed to deck.gl (the end of the start-up; later fills move `fillAt`, not this). */
  coloursAt?: number;
}

declare global {
  interface Window {
    __territoireSanteMap?: MapDebugHooks;
    __territoireSantePerf?: PerfMarks;
  }
}
