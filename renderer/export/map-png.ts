// The map as a PNG a planner can paste in a document: the drawn map with a title above, the legend
// in a box over the lower-left corner, and the data provenance below.
import type { Rgb } from '../map/classes';

interface Decoration {
  title: string;
  legend: { labels: string[]; palette: Rgb[] };
  footer: string;
}

const FONT = 'system-ui, "DejaVu Sans", sans-serif';

export async function composeMapPng(map: HTMLCanvasElement, decoration: Decoration): Promise<{ bytes: Uint8Array; dataUrl: string }> {
  const scale = 1;
  const titleHeight = 48, footerHeight = 30;
  const canvas = document.createElement('canvas');
  canvas.width = map.width * scale;
  canvas.height = map.height * scale + titleHeight + footerHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('dessin impossible (canvas 2D indisponible)');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(map, 0, titleHeight, map.width * scale, map.height * scale);

  context.fillStyle = '#1d2733';
  context.font = `bold 20px ${FONT}`;
  context.textBaseline = 'middle';
  context.fillText(decoration.title, 16, titleHeight / 2, canvas.width - 32);

  const rowHeight = 22, padding = 12, swatch = 18;
  context.font = `14px ${FONT}`;
  const legendWidth = Math.max(...decoration.legend.labels.map((l) => context.measureText(l).width)) + swatch + 3 * padding;
  const legendHeight = decoration.legend.labels.length * rowHeight + 2 * padding;
  const x0 = 16, y0 = titleHeight + map.height * scale - legendHeight - 16;
  context.fillStyle = 'rgba(255, 255, 255, 0.93)';
  context.fillRect(x0, y0, legendWidth, legendHeight);
  context.strokeStyle = '#8a96a3';
  context.strokeRect(x0, y0, legendWidth, legendHeight);
  decoration.legend.labels.forEach((label, i) => {
    const y = y0 + padding + i * rowHeight;
    context.fillStyle = `rgb(${decoration.legend.palette[i].join(',')})`;
    context.fillRect(x0 + padding, y + 2, swatch, rowHeight - 6);
    context.strokeRect(x0 + padding, y + 2, swatch, rowHeight - 6);
    context.fillStyle = '#1d2733';
    context.fillText(label, x0 + 2 * padding + swatch, y + rowHeight / 2);
  });

  context.font = `12px ${FONT}`;
  context.fillStyle = '#52606d';
  context.fillText(decoration.footer, 16, canvas.height - footerHeight / 2, canvas.width - 32);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('encodage PNG impossible');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return { bytes, dataUrl: canvas.toDataURL('image/png') };
}
