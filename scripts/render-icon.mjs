// Renders resources/icon.svg to resources/icon.png (512×512), the icon electron-builder turns
// into each platform's format. Run by hand after changing the SVG: `node scripts/render-icon.mjs`.
// Uses the system Chromium (the one the end-to-end tests use), headless.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const ICON_SIZE_PX = 512; // electron-builder needs at least 512×512 to make a macOS .icns
const svg = readFileSync(new URL('../resources/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: ICON_SIZE_PX, height: ICON_SIZE_PX }, deviceScaleFactor: 1 });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">` +
      `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${ICON_SIZE_PX}" height="${ICON_SIZE_PX}" style="display:block">` +
      `</body></html>`,
  );
  await page.locator('img').screenshot({ path: new URL('../resources/icon.png', import.meta.url).pathname, omitBackground: true });
} finally {
  await browser.close();
}
