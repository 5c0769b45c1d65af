// Offline tickets: a citizen opens the booking confirmation and the ticket page once with the
// network on (the service worker keeps them), then with the network off both open again,
// showing the booking number, the QR code and the ticket number, under a banner that says the
// page is what was saved, and when. Back online, the banner goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, ready, assertAccessible } from './browser.mjs';
import { citizenContext, citizenRecords } from './citizen.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the booking confirmation and the ticket page open with the network off, marked as saved', async () => {
  const ctx = await citizenContext(browser);
  const [bookingPath, ticketPath] = await citizenRecords(ctx);
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));

  // Online: the first visit installs the service worker; the next ones go through it.
  await page.goto(`${BASE}${bookingPath}`);
  await ready(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  for (const path of [bookingPath, ticketPath]) {
    await page.goto(`${BASE}${path}`);
    await ready(page);
  }
  const bookingId = bookingPath.split('/').pop();
  const ticketNumber = (await page.locator('#ticket-number').innerText()).trim();
  assert.match(ticketNumber, /^[A-Z]\d{3}$/);
  assert.equal(await page.locator('.offline-banner').count(), 0, 'no banner online');

  // Offline: both pages open from what was kept, marked as such.
  await ctx.setOffline(true);
  await page.goto(`${BASE}${bookingPath}`);
  await ready(page);
  await page.getByText(bookingId).first().waitFor();
  await page.locator('img.qr').waitFor();
  const banner = page.locator('.offline-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /您现在离线：显示的是 \d+月\d+日 \d\d:\d\d 保存的内容/);
  await assertAccessible(page, 'booking, offline');

  await page.goto(`${BASE}${ticketPath}`);
  await ready(page);
  assert.equal((await page.locator('#ticket-number').innerText()).trim(), ticketNumber);
  await page.locator('.offline-banner').waitFor();
  await assertAccessible(page, 'ticket, offline');

  // Online again: the banner goes.
  await ctx.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => !document.querySelector('.offline-banner'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
