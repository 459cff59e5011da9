// The page's generic lever code asks the registry, never a kind: a kind of the tests only
// (tests/fixtures/night-shift-lever.ts) gets its form and its map mark with no change to these files.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Lever } from '../../workers/engine/scenario';
import { nightShift, withNightShift, type NightShiftLever } from '../../tests/fixtures/night-shift-lever';
import { leverMarks } from '../map/lever-marks';
import { LeverForm } from './LeverForm';
import { LEVER_KINDS, newLever } from './levers';

const communes = { codes: ['55545', '55181'], names: ['Verdun', 'Étain'], population: Float64Array.from([16890, 3375]) };
const lever: NightShiftLever = { kind: 'nightShift', id: 'g', label: 'Garde de nuit — Étain', commune: '55181', specialty: 'PSY', fte: 1.5, source: 'hypothèse du test' };

describe('registre des leviers côté page', () => {
  it('le formulaire d’un nouveau type est dessiné depuis ses champs', () => {
    const html = renderToStaticMarkup(
      createElement(LeverForm, {
        lever: lever as unknown as Lever,
        communeName: (code: string) => (code === '55181' ? 'Étain' : code),
        communes,
        onChange: () => undefined,
        registry: withNightShift(),
      }),
    );
    expect(html).toContain('Commune : Étain');
    expect(html).toContain('<span>Temps de garde</span>');
    expect(html).toMatch(/value="1,5"/);
    expect(html).toContain('<span class="unit">ETP</span>');
    expect(html).toMatch(/<option value="PSY" selected="">Psychiatrie<\/option>/);
    expect(html).toContain('Source des hypothèses');
  });

  it('sa marque est placée sur la carte', () => {
    const places = { commune: (code: string): [number, number] | null => (code === '55181' ? [5.6, 49.2] : null), territory: () => null };
    expect(leverMarks([lever], places, withNightShift())).toEqual([{ id: 'g', at: [5.6, 49.2], text: 'Garde de nuit', enabled: true }]);
    expect(leverMarks([{ ...lever, commune: '99999' }], places, withNightShift())).toEqual([]);
  });

  it('le menu et les leviers nouveaux viennent du registre de l’application', () => {
    expect(LEVER_KINDS.map((k) => k.kind)).toEqual(['install', 'secondarySite', 'msp', 'teleconsultation', 'departures', 'populationChange', 'careProgramme']);
    expect(LEVER_KINDS.some((k) => k.kind === (nightShift.kind as string))).toBe(false);
    expect(newLever('departures', 'd', { grid: 'BV2022', territory: '55029', territoryName: 'Bar-le-Duc' }, 'MG')).toEqual({
      kind: 'departures',
      id: 'd',
      label: 'Départs (retraites) — Bar-le-Duc',
      grid: 'BV2022',
      territory: '55029',
      specialty: 'MG',
      share: 0.2,
      source: 'part des médecins partant à l’horizon : hypothèse de travail à ajuster',
    });
  });
});
