// Takes one screenshot per page with Debian's chromium, once the page shows what it must:
//   node shoot.mjs OUT_DIR name=@=URL=@=TEXT[=@=CLICK] ...
// waits until TEXT is on the page (an event name, a span name), clicks the text CLICK when given
// (to open a detail pane), then writes OUT_DIR/name.png and, when SHOOT_TEXT_DIR is set (for the
// checks of the tests), the page's visible text as SHOOT_TEXT_DIR/name.txt.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, ...shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // The machines this runs on have no network but loopback: no background connections, no sandbox as root.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  for (const shot of shots) {
    const [name, url, text, click] = shot.split('=@=');
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByText(text, { exact: false }).first().waitFor({ timeout: 30_000 });
    if (click) {
      await page.getByText(click, { exact: true }).first().click();
    }
    await page.waitForTimeout(1_000); // charts and grids settle after their data arrives
    await page.screenshot({ path: join(outDir, `${name}.png`) });
    if (process.env.SHOOT_TEXT_DIR) {
      writeFileSync(join(process.env.SHOOT_TEXT_DIR, `${name}.txt`), await page.innerText('body'));
    }
    console.log(`${name}.png: ${url}`);
  }
} finally {
  await browser.close();
}
