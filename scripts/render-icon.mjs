// Renders the icons from their SVGs, with the system Chromium (the one the end-to-end tests use),
// headless. Run by hand after changing an SVG: `node scripts/render-icon.mjs`.
// - resources/icon.svg → resources/icon.png (512×512), the app icon, which electron-builder
//   turns into each platform's format itself;
// - resources/board.svg → resources/board.ico and resources/board.icns, the icon of .whiteboard
//   files. electron-builder converts nothing there: Windows and macOS need these formats as they
//   are (fileAssociations `icon: resources/board` picks the one for the target).
import { readFileSync, writeFileSync } from 'node:fs';
import { IconIco, IconIcns } from '@shockpkg/icon-encoder';
import { chromium } from '@playwright/test';

const APP_ICON_SIZE_PX = 512; // electron-builder needs at least 512×512 to make a macOS .icns
/** Windows picks among these for Explorer's views (16 in lists … 256 in extra large icons). */
const ICO_SIZES_PX = [16, 24, 32, 48, 64, 128, 256];
/** macOS icon types holding PNG data, by pixel size (the @2x types are twice their point size). */
const ICNS_TYPES_BY_SIZE = { 16: ['icp4'], 32: ['icp5', 'ic11'], 64: ['icp6', 'ic12'], 128: ['ic07'], 256: ['ic08', 'ic13'], 512: ['ic09', 'ic14'], 1024: ['ic10'] };

const resource = (name) => new URL(`../resources/${name}`, import.meta.url);

async function renderPng(browser, svg, sizePx) {
  const page = await browser.newPage({ viewport: { width: sizePx, height: sizePx }, deviceScaleFactor: 1 });
  try {
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${sizePx}" height="${sizePx}" style="display:block">` +
        `</body></html>`,
    );
    return await page.locator('img').screenshot({ omitBackground: true });
  } finally {
    await page.close();
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  writeFileSync(resource('icon.png'), await renderPng(browser, readFileSync(resource('icon.svg'), 'utf8'), APP_ICON_SIZE_PX));

  const board = readFileSync(resource('board.svg'), 'utf8');
  const ico = new IconIco();
  for (const size of ICO_SIZES_PX) await ico.addFromPng(await renderPng(browser, board, size));
  writeFileSync(resource('board.ico'), ico.encode());
  const icns = new IconIcns();
  for (const [size, types] of Object.entries(ICNS_TYPES_BY_SIZE)) await icns.addFromPng(await renderPng(browser, board, Number(size)), types);
  writeFileSync(resource('board.icns'), icns.encode());
} finally {
  await browser.close();
}
