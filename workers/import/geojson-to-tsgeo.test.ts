import { describe, expect, it } from 'vitest';
import { geojsonToTsGeo } from './geojson-to-tsgeo';

const square = (x: number, y: number, size: number) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

const collection = {
  features: [
    // Listed out of code order on purpose.
    { properties: { code: '55545' }, geometry: { type: 'MultiPolygon' as const, coordinates: [[square(10, 0, 1)], [square(12, 0, 2)]] } },
    { properties: { code: '01001' }, geometry: { type: 'Polygon' as const, coordinates: [square(0, 0, 4), square(1, 1, 2)] } },
  ],
};

function triangleArea(positions: Float32Array, triangles: Uint32Array, from: number, to: number): number {
  let area = 0;
  for (let t = 0; t < triangles.length; t += 3) {
    const [a, b, c] = [triangles[t], triangles[t + 1], triangles[t + 2]];
    if (a < from || a >= to) continue;
    const [ax, ay, bx, by, cx, cy] = [positions[2 * a], positions[2 * a + 1], positions[2 * b], positions[2 * b + 1], positions[2 * c], positions[2 * c + 1]];
    area += Math.abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2;
  }
  return area;
}

describe('conversion GeoJSON → TSGEO', () => {
  const layer = geojsonToTsGeo(collection, { layer: 'test', keyProperty: 'code', triangulate: true });

  it('trie les entités par code et garde leurs sommets contigus', () => {
    expect(layer.codes).toEqual(['01001', '55545']);
    expect(Array.from(layer.featureVertexStarts)).toEqual([0, 10, 20]);
    expect(Array.from(layer.ringVertexStarts)).toEqual([0, 5, 10, 15, 20]);
    expect(layer.bbox).toEqual([0, 0, 14, 4]);
  });

  it('triangule en respectant les trous et les parties multiples', () => {
    expect(triangleArea(layer.positions, layer.triangles, 0, 10)).toBeCloseTo(16 - 4);
    expect(triangleArea(layer.positions, layer.triangles, 10, 20)).toBeCloseTo(1 + 4);
    for (const index of layer.triangles) expect(index).toBeLessThan(20);
  });

  it('ne triangule pas une couche de contours', () => {
    const outlines = geojsonToTsGeo(collection, { layer: 'test', keyProperty: 'code', triangulate: false });
    expect(outlines.triangles).toHaveLength(0);
    expect(outlines.positions).toEqual(layer.positions);
  });

  it('refuse une entité sans code', () => {
    expect(() =>
      geojsonToTsGeo({ features: [{ properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } }] }, { layer: 't', keyProperty: 'code', triangulate: true }),
    ).toThrow(/sans propriété « code »/);
  });
});
