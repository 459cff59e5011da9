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
}

declare global {
  interface Window {
    __territoireSanteMap?: MapDebugHooks;
    __territoireSantePerf?: PerfMarks;
  }
}
