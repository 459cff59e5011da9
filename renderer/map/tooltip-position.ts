// Where a hover card goes: below right of the pointer, flipped to the left (or above) when it would
// leave the map, so that a commune near the right or bottom edge still shows its whole card.
import { useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';

/** Gap between the pointer and the card, in px. */
const OFFSET = 14;

/**
 * The card's top-left corner (px, in the map's coordinates) for a pointer at (`x`, `y`), a card of
 * `width` × `height` and a map of `areaWidth` × `areaHeight`: right of and below the pointer when it
 * fits, else left of or above it, and never past the map's top-left corner.
 */
export function placeCard(x: number, y: number, width: number, height: number, areaWidth: number, areaHeight: number): { left: number; top: number } {
  const left = x + OFFSET + width <= areaWidth ? x + OFFSET : x - OFFSET - width;
  const top = y + OFFSET + height <= areaHeight ? y + OFFSET : y - OFFSET - height;
  return { left: Math.max(0, left), top: Math.max(0, top) };
}

/** The style of a hover card at the pointer (x, y), measured once rendered and placed by placeCard. */
export function useCardPosition(x: number, y: number): { ref: RefObject<HTMLDivElement | null>; style: CSSProperties } {
  const ref = useRef<HTMLDivElement>(null);
  const [style, setStyle] = useState<CSSProperties>({ left: x + OFFSET, top: y + OFFSET });
  // After every render: the card's size changes with its text; equal positions end the loop.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const card = ref.current, area = card?.offsetParent as HTMLElement | null | undefined;
    if (!card || !area) return;
    const { left, top } = placeCard(x, y, card.offsetWidth, card.offsetHeight, area.clientWidth, area.clientHeight);
    if (left !== style.left || top !== style.top) setStyle({ left, top });
  });
  return { ref, style };
}
