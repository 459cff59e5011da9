// Draws the application icon (512 × 512 PNG) into build/icon.png: a map pin over a territory grid, in the
// app's colours. Run once by hand; the PNG is committed (electron-builder derives .ico/.icns from it).
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const size = 512;
const png = new PNG({ width: size, height: size });
/** @param {number} x @param {number} y @param {number[]} color */
const set = (x, y, [r, g, b, a = 255]) => {
  const i = (y * size + x) * 4;
  png.data[i] = r;
  png.data[i + 1] = g;
  png.data[i + 2] = b;
  png.data[i + 3] = a;
};
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const inRounded = Math.hypot(Math.max(0, Math.abs(x - 255.5) - 196), Math.max(0, Math.abs(y - 255.5) - 196)) < 60;
    if (!inRounded) {
      set(x, y, [0, 0, 0, 0]);
      continue;
    }
    const cell = (Math.floor(x / 64) + Math.floor(y / 64)) % 2 === 0;
    set(x, y, cell ? [44, 127, 184] : [65, 182, 196]);
    // The pin: a disc and a point below it.
    const dx = x - 256, dy = y - 200;
    const inDisc = Math.hypot(dx, dy) < 110;
    const inPoint = y >= 200 && y < 430 && Math.abs(dx) < (430 - y) * 0.45;
    if (inDisc || inPoint) set(x, y, [23, 50, 77]);
    if (Math.hypot(dx, dy) < 46) set(x, y, [245, 158, 11]);
  }
}
writeFileSync(new URL('./icon.png', import.meta.url), PNG.sync.write(png));
