import { describe, expect, it } from 'vitest';
import { placeCard } from './tooltip-position';

describe('placeCard', () => {
  it('met la fiche en bas à droite du pointeur quand elle tient dans la carte', () => {
    expect(placeCard(100, 100, 300, 120, 1000, 500)).toEqual({ left: 114, top: 114 });
  });

  it('la retourne à gauche près du bord droit, au-dessus près du bord bas', () => {
    // 900 + 14 + 300 > 1000: left of the pointer; 450 + 14 + 120 > 500: above it.
    expect(placeCard(900, 450, 300, 120, 1000, 500)).toEqual({ left: 586, top: 316 });
  });

  it('ne la sort jamais par le haut ni par la gauche d’une petite carte', () => {
    expect(placeCard(200, 60, 300, 120, 400, 150)).toEqual({ left: 0, top: 0 });
  });
});
