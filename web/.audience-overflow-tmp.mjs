import { chromium } from '@playwright/test';
const [,, url, key] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ baseURL: 'http://localhost:5173', viewport: { width: 390, height: 844 } });
const page = await ctx.newPage();
await page.request.post('/session', { data: { apiKey: key } });
await page.goto(url);
await page.waitForTimeout(3000);
const out = await page.evaluate(() => {
  const w = document.documentElement.clientWidth; const res = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1) { let p = el.parentElement, inWrap = false; while (p) { if (p.classList?.contains('table-wrap')) inWrap = true; p = p.parentElement; } if (!inWrap) res.push(`${el.tagName}.${el.className} right=${Math.round(r.right)} w=${Math.round(r.width)}`); }
  }
  return [document.documentElement.scrollWidth - w, ...res.slice(0, 15)];
});
console.log(out.join('\n'));
await browser.close();
