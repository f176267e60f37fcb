/**
 * Measures the focus ring of whatever has focus, as a person sees it: the outline drawn around
 * (or, with a negative offset, inside) the element, or on its ::before box (the checkbox), at
 * least 2 px wide, and its contrast against the colour behind it (WCAG 2.2 non-text contrast,
 * 3:1). Used by e2e/keyboard-focus.spec.ts on every Tab stop of a screen.
 */
import type { Page } from '@playwright/test';

export interface RingReport {
  /** The focused element, for the failure message. */
  what: string;
  /** Null when no ring is drawn at all. */
  width: number | null;
  contrast: number | null;
}

/** The ring of document.activeElement. */
export function focusedRing(page: Page): Promise<RingReport> {
  return page.evaluate(() => {
    const parse = (color: string): [number, number, number, number] | null => {
      const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/u.exec(color);
      if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
      const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/u.exec(color);
      if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
      return null;
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    /** The first opaque background at or above `from` (the page's own colour at the top). */
    const backgroundOf = (from: Element | null): number[] => {
      for (let el = from; el; el = el.parentElement) {
        const color = parse(getComputedStyle(el).backgroundColor);
        if (color && color[3] >= 0.99) return color;
      }
      return parse(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255, 1];
    };
    const el = document.activeElement as HTMLElement | null;
    const what = el ? `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40) || el.getAttribute('name') || ''}"` : 'nothing';
    if (!el || el === document.body) return { what, width: null, contrast: null };
    for (const pseudo of [null, '::before']) {
      const style = getComputedStyle(el, pseudo);
      const width = Number.parseFloat(style.outlineWidth);
      if (style.outlineStyle === 'none' || !(width > 0)) continue;
      const ring = parse(style.outlineColor);
      if (!ring || ring[3] < 0.99) continue;
      // An outline inside the box sits on the element's own background; outside, on its parent's.
      const inside = Number.parseFloat(style.outlineOffset) < 0;
      const behind = backgroundOf(inside ? el : el.parentElement);
      const [a, b] = [luminance(ring), luminance(behind)];
      const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return { what, width, contrast: Math.round(contrast * 100) / 100 };
    }
    return { what, width: null, contrast: null };
  });
}

/**
 * Tabs once round the page (at most `limit` stops) and returns every stop whose ring
 * is missing, thinner than 2 px or under 3:1. Also returns how many stops were seen.
 */
export async function ringFailures(page: Page, limit = 60): Promise<{ stops: number; failures: string[] }> {
  const failures: string[] = [];
  const seen = new Set<string>();
  let stops = 0;
  let outside = 0;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '';
      el.setAttribute('data-ring-seen', el.getAttribute('data-ring-seen') ?? String(Math.random()));
      return el.getAttribute('data-ring-seen') ?? '';
    });
    // Past the last control focus leaves the page once, then comes back at the first: Tab on
    // until a control repeats, so the whole cycle is seen wherever it started.
    if (key === '') {
      if (++outside > 2) break;
      continue;
    }
    if (seen.has(key)) break;
    seen.add(key);
    stops++;
    const ring = await focusedRing(page);
    if (ring.width === null || ring.contrast === null) failures.push(`${ring.what}: no visible ring`);
    else if (ring.width < 2 || ring.contrast < 3) failures.push(`${ring.what}: ${ring.width}px at ${ring.contrast}:1`);
  }
  return { stops, failures };
}
