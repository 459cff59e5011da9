// Inline SVG choropleth of territories for the printable report: the commune polygons of each kept
// territory filled with the class colour of its value, the same diverging classes as the app's map
// (common/map-classes.ts), title and legend inside the SVG. Web Mercator like the app; points closer
// than half a pixel are merged so that a whole-France map stays around a few megabytes. Meant to be
// inlined in HTML (no xmlns: the report must not contain any URL).
import { classOf, DIVERGING_PALETTE, divergingBreaks, divergingLabels, OUTSIDE_COLOR, type Rgb } from '../../common/map-classes';
import { featureOfCommune, membersOfTerritories, ringRanges, type MapInput } from './geometry';

export interface ChoroplethInput {
  map: MapInput;
  /** Territories to draw (grid indices) and their values (NaN: no value, drawn grey). */
  territories: readonly number[];
  values: readonly number[];
  title: string;
  /** Unit of the values in the legend, e.g. « ETP ». */
  unit: string;
  /** Legend labels of the six classes for these breaks (default: deficit/surplus labels of the app). */
  labels?: (breaks: readonly number[], unit: string) => string[];
  /** Width of the drawing with its legend, in pixels (default 1000). */
  width?: number;
  /** Largest height of the map itself, in pixels (default 600: fits an A4 landscape page). */
  maxHeight?: number;
}

/** Splits a title into lines of at most `length` characters, at spaces. */
function wrap(text: string, length: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

const hex = ([r, g, b]: Rgb) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** Legend labels for a change of gap (positive = improvement), same classes as the gap map. */
export function changeLabels(breaks: readonly number[], unit: string): string[] {
  return divergingLabels(breaks, unit).map((label) => label.replace('déficit', 'dégradation').replace('excédent', 'amélioration').replace('équilibre ou', 'stable ou'));
}

const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, lat)) * Math.PI) / 360));

export function choroplethSvg(input: ChoroplethInput): string {
  const { layer, grid, communeCodes } = input.map;
  const width = input.width ?? 1000;
  const featureOf = featureOfCommune(layer, communeCodes);
  const ranges = ringRanges(layer);
  const members = membersOfTerritories(grid);
  const finite = input.values.filter(Number.isFinite);
  const breaks = divergingBreaks(finite);
  const labels = (input.labels ?? divergingLabels)(breaks, input.unit);

  // Bounds of the drawn features, in projected units.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const drawn: { territory: number; features: number[] }[] = [];
  for (const t of input.territories) {
    const features = (members[t] ?? []).map((c) => featureOf[c]).filter((f) => f >= 0);
    drawn.push({ territory: t, features });
    for (const f of features) {
      for (let v = layer.featureVertexStarts[f]; v < layer.featureVertexStarts[f + 1]; v++) {
        const x = (layer.positions[2 * v] * Math.PI) / 180;
        const y = mercatorY(layer.positions[2 * v + 1]);
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  // Layout: title lines on top, the map on the left, the legend on its right.
  const legendWidth = 300;
  const areaWidth = width - legendWidth - 16;
  const legendRows = labels.length + (input.values.some((v) => !Number.isFinite(v)) ? 1 : 0);
  if (!Number.isFinite(minX)) {
    return `<svg role="img" width="${width}" height="60" viewBox="0 0 ${width} 60"><text x="0" y="20" font-size="15" font-weight="bold">${escapeXml(input.title)}</text><text x="0" y="45" font-size="13">Pas de géométrie pour ces territoires.</text></svg>`;
  }
  const maxHeight = input.maxHeight ?? 600;
  let scale = areaWidth / Math.max(maxX - minX, 1e-9);
  if ((maxY - minY) * scale > maxHeight) scale = maxHeight / (maxY - minY);
  const mapHeight = Math.max(1, Math.ceil((maxY - minY) * scale));
  const mapWidth = Math.ceil((maxX - minX) * scale);
  const legendLeft = mapWidth + 16;
  const svgWidth = Math.max(legendLeft + legendWidth, 640);
  // About 8.5 pixels per character of 15 px bold sans-serif.
  const titleLines = wrap(input.title, Math.floor(svgWidth / 8.5));
  const titleHeight = 10 + titleLines.length * 19;
  const px = (lon: number) => Math.round(((lon * Math.PI) / 180 - minX) * scale * 10) / 10;
  const py = (lat: number) => Math.round((maxY - mercatorY(lat)) * scale * 10 + titleHeight * 10) / 10;

  const paths: string[] = [];
  drawn.forEach(({ territory, features }, i) => {
    const value = input.values[i];
    const color = hex(Number.isFinite(value) ? DIVERGING_PALETTE[classOf(value, breaks)] : OUTSIDE_COLOR);
    const parts: string[] = [];
    for (const f of features) {
      const end = layer.featureVertexStarts[f + 1];
      for (let r = ranges[f]; r < ranges[f + 1]; r++) {
        const points: string[] = [];
        let lastX = NaN, lastY = NaN;
        let ringMinX = Infinity, ringMaxX = -Infinity, ringMinY = Infinity, ringMaxY = -Infinity;
        for (let v = layer.ringVertexStarts[r]; v < Math.min(layer.ringVertexStarts[r + 1], end); v++) {
          const x = px(layer.positions[2 * v]);
          const y = py(layer.positions[2 * v + 1]);
          if (Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) continue;
          points.push(`${x} ${y}`);
          lastX = x;
          lastY = y;
          ringMinX = Math.min(ringMinX, x);
          ringMaxX = Math.max(ringMaxX, x);
          ringMinY = Math.min(ringMinY, y);
          ringMaxY = Math.max(ringMaxY, y);
        }
        // Rings smaller than a pixel (islets) are not drawn.
        if (points.length < 3 || (ringMaxX - ringMinX < 1 && ringMaxY - ringMinY < 1)) continue;
        parts.push(`M${points.join(' ')}Z`);
      }
    }
    if (parts.length === 0) return;
    const name = `${grid.labels[territory]} (${grid.codes[territory]})`;
    paths.push(`<path fill="${color}" stroke="${color}" stroke-width="0.4" d="${parts.join('')}"><title>${escapeXml(name)}</title></path>`);
  });

  const legend: string[] = [`<text x="${legendLeft}" y="${titleHeight + 12}" font-size="12" font-weight="bold">${escapeXml(input.unit)}</text>`];
  const entries = labels.map((label, i) => ({ color: hex(DIVERGING_PALETTE[i]), label }));
  if (legendRows > labels.length) entries.push({ color: hex(OUTSIDE_COLOR), label: 'sans valeur' });
  entries.forEach((entry, i) => {
    const y = titleHeight + 22 + i * 20;
    legend.push(`<rect x="${legendLeft}" y="${y}" width="18" height="14" fill="${entry.color}" stroke="#666" stroke-width="0.5"/><text x="${legendLeft + 26}" y="${y + 12}" font-size="12">${escapeXml(entry.label)}</text>`);
  });
  const height = Math.max(titleHeight + mapHeight, titleHeight + 30 + legendRows * 20) + 4;
  return [
    `<svg role="img" aria-label="${escapeXml(input.title)}" width="${svgWidth}" height="${height}" viewBox="0 0 ${svgWidth} ${height}" font-family="sans-serif">`,
    ...titleLines.map((line, i) => `<text x="0" y="${20 + i * 19}" font-size="15" font-weight="bold">${escapeXml(line)}</text>`),
    `<g fill-rule="evenodd" stroke-linejoin="round">${paths.join('')}</g>`,
    ...legend,
    '</svg>',
  ].join('\n');
}
