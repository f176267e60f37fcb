/**
 * The locks on the real window, checked from both sides: what the main process configured, and
 * what a script in the page can actually reach.
 */
import { CONTRACT } from '../../src/shared/contract';
import { expect, isKiosk, test } from './support/gatehouse';
import { startScreenHeading } from '../support/fixtures';

test.describe('Hardening', () => {
  test('the window is isolated and sandboxed, and not a kiosk unless asked', async ({ launch }) => {
    const { electron } = await launch();
    const preferences = await electron.evaluate(({ BrowserWindow }) => {
      // Undocumented (and so untyped) but long-standing: the preferences the renderer really got.
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown> | null;
      };
      const prefs = contents.getLastWebPreferences();
      return {
        contextIsolation: prefs?.contextIsolation,
        sandbox: prefs?.sandbox,
        nodeIntegration: prefs?.nodeIntegration,
        nodeIntegrationInSubFrames: prefs?.nodeIntegrationInSubFrames,
        webSecurity: prefs?.webSecurity,
        webviewTag: prefs?.webviewTag,
      };
    });
    expect(preferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(await isKiosk(electron)).toBe(false);
  });

  test('the page reaches no Node, only the frozen contract API', async ({ launch }) => {
    const { page } = await launch();
    await expect(startScreenHeading(page)).toBeVisible();
    const seen = await page.evaluate(() => {
      const api = (window as unknown as { gatehouse: object }).gatehouse;
      return {
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        methods: Object.keys(api),
        frozen: Object.isFrozen(api),
      };
    });
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
    expect([...seen.methods].sort()).toEqual(Object.values(CONTRACT).map((entry) => entry.method).sort());
    expect(seen.frozen).toBe(true);
  });

  test('the Content-Security-Policy forbids eval, and the page can open no windows', async ({ launch }) => {
    const { electron, page } = await launch();
    await expect(startScreenHeading(page)).toBeVisible();
    const evalOutcome = await page.evaluate(() => {
      try {
        return String(eval('"eval ran"'));
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(evalOutcome).toBe('EvalError');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
