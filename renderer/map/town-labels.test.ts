import { describe, expect, it } from 'vitest';
import { townLabels } from './town-labels';

describe('noms des villes principales', () => {
  const names = ['Verdun', 'Bar-le-Duc', 'Commercy', 'Nancy', 'Lunéville', 'Toul', 'Vandœuvre-lès-Nancy', 'Laxou', ''];
  const deps = ['55', '55', '55', '54', '54', '54', '54', '54', '54'];
  const population = [16_000, 15_000, 5_500, 104_000, 18_000, 15_500, 29_000, 14_000, 50_000];
  const places: [number, number][] = [
    [5.38, 49.16],
    [5.16, 48.77],
    [5.59, 48.76],
    [6.18, 48.69],
    [6.5, 48.59],
    [5.89, 48.68],
    [6.17, 48.66],
    [6.15, 48.7],
    [6, 48],
  ];
  const towns = townLabels(names, deps, population, (f) => places[f]);

  it('nomme les communes de 20 000 habitants et plus, et les deux plus peuplées de chaque département', () => {
    // Most populous first; Commercy (third of the Meuse), Lunéville, Toul and Laxou are left out.
    expect(towns.map((t) => t.name)).toEqual(['Nancy', 'Vandœuvre-lès-Nancy', 'Verdun', 'Bar-le-Duc']);
    expect(towns[0]).toMatchObject({ feature: 3, population: 104_000, at: [6.18, 48.69], minZoom: 6 });
  });

  it('nomme une ville quand son nom ne chevauche plus celui d’une plus grande', () => {
    const zoom = Object.fromEntries(towns.map((t) => [t.name, t.minZoom]));
    // Verdun and Bar-le-Duc are far from Nancy: named with the département view (zoom about 7).
    expect(zoom['Verdun']).toBe(6.8);
    expect(zoom['Bar-le-Duc']).toBe(6.8);
    // Vandœuvre, 3 km south of Nancy: only once close (18 px vertically ⇔ 0,03° at zoom 10,3).
    expect(zoom['Vandœuvre-lès-Nancy']).toBeCloseTo(Math.log2((18 * 360 * Math.cos((48.675 * Math.PI) / 180)) / (256 * 0.03)), 6);
    expect(zoom['Vandœuvre-lès-Nancy']).toBeGreaterThan(9);
  });

  it('place d’abord les villes du département de l’utilisateur (Bar-le-Duc avant Saint-Dizier, plus peuplée)', () => {
    const pair = (focus: string) =>
      Object.fromEntries(
        townLabels(['Bar-le-Duc', 'Saint-Dizier'], ['55', '52'], [15_000, 23_000], (f) => (f === 0 ? [5.16, 48.77] : [4.95, 48.64]), focus).map((t) => [t.name, t.minZoom]),
      );
    // Without a focus the smaller town waits for its label to clear the bigger one's.
    expect(pair('')['Saint-Dizier']).toBe(6.8);
    expect(pair('')['Bar-le-Duc']).toBeGreaterThan(6.8);
    expect(pair('55')['Bar-le-Duc']).toBe(6.8);
    expect(pair('55')['Saint-Dizier']).toBeGreaterThan(6.8);
  });

  it('nomme les très grandes villes dès la vue de la France', () => {
    const big = townLabels(['Paris', 'Lyon'], ['75', '69'], [2_100_000, 520_000], (f) => (f === 0 ? [2.35, 48.86] : [4.84, 45.76]));
    expect(big.map((t) => t.minZoom)).toEqual([5, 5]);
  });
});
