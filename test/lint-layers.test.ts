/**
 * Proves the layer rules in eslint.config.js fire: each forbidden import in each layer is a lint
 * error, and the allowed imports next to it are not. Uses the real config through ESLint's API.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: 'eslint.config.js' });

/** The error-level messages ESLint reports for `code` as if it lived at `filePath`. */
async function errorsFor(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages.filter((m) => m.severity === 2).map(({ ruleId, message }) => ({ ruleId, message }));
}

async function expectLayerError(filePath: string, code: string, mentions: string): Promise<void> {
  const errors = await errorsFor(filePath, code);
  const layerErrors = errors.filter((e) => e.ruleId === 'gatehouse/layers');
  expect(layerErrors, JSON.stringify(errors)).toHaveLength(1);
  expect(layerErrors[0]?.message).toContain(mentions);
}

async function expectClean(filePath: string, code: string): Promise<void> {
  expect(await errorsFor(filePath, code)).toEqual([]);
}

describe('src/shared', () => {
  const file = 'src/shared/example.ts';

  it('may not import electron', async () => {
    await expectLayerError(file, "import { app } from 'electron';\nexport { app };\n", "'electron'");
  });

  it.each(['node:fs', 'fs', 'path', 'crypto', 'os', 'worker_threads', 'child_process', 'fs/promises'])(
    'may not import the Node built-in %s',
    async (name) => {
      await expectLayerError(file, `import * as m from '${name}';\nexport { m };\n`, `'${name}'`);
    },
  );

  it('may not import other layers', async () => {
    await expectLayerError(file, "export * from '../main/core/types';\n", 'src/main');
    await expectLayerError(file, "export * from '../renderer/src/App';\n", 'src/renderer');
  });

  it.each(['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer'])(
    'may not use the %s global',
    async (name) => {
      const errors = await errorsFor(file, `export const value = ${name};\n`);
      expect(errors).toEqual([{ ruleId: 'no-undef', message: `'${name}' is not defined.` }]);
    },
  );

  it('may use the language, TextEncoder and its own modules', async () => {
    await expectClean(
      file,
      [
        "import { z } from 'zod';",
        "import { ok, type Result } from './result';",
        'export const bytes = (s: string): number => new TextEncoder().encode(s).length;',
        'export const seen = new Map<string, Result<number>>([["a", ok(1)]]);',
        'export const schema = z.string();',
        '',
      ].join('\n'),
    );
  });
});

describe('src/main/core', () => {
  const file = 'src/main/core/example.ts';

  it('may not import electron, statically, as a type or dynamically', async () => {
    await expectLayerError(file, "import { app } from 'electron';\nexport { app };\n", "'electron'");
    await expectLayerError(file, "import type { App } from 'electron';\nexport type A = App;\n", "'electron'");
    await expectLayerError(file, "export const load = () => import('electron');\n", "'electron'");
  });

  it('may use Node and src/shared', async () => {
    await expectClean(
      file,
      "import { readFile } from 'node:fs/promises';\nimport { ok } from '../../shared/result';\nexport { readFile, ok };\n",
    );
  });
});

describe('src/renderer', () => {
  it('may not import src/main or src/preload, however deep the relative path', async () => {
    await expectLayerError('src/renderer/src/example.tsx', "export * from '../../main/core/index';\n", 'src/main');
    await expectLayerError('src/renderer/src/pages/example.tsx', "export * from '../../../main/paths';\n", 'src/main');
    await expectLayerError('src/renderer/src/example.tsx', "export * from '../../preload/index';\n", 'src/preload');
  });

  it('may not import electron or Node', async () => {
    await expectLayerError('src/renderer/src/example.tsx', "import 'electron';\n", "'electron'");
    await expectLayerError('src/renderer/src/example.tsx', "import 'node:path';\n", "'node:path'");
  });

  it('may import src/shared and its own modules', async () => {
    await expectClean(
      'src/renderer/src/example.tsx',
      "export { ok } from '../../shared/result';\nexport * from './main-screen';\n",
    );
  });
});

describe('src/preload', () => {
  it('may not import Node built-ins (a sandboxed preload cannot load them) or src/main', async () => {
    await expectLayerError('src/preload/index.ts', "import 'node:fs';\n", "'node:fs'");
    await expectLayerError('src/preload/index.ts', "export * from '../main/core/index';\n", 'src/main');
  });

  it('may import electron and src/shared', async () => {
    await expectClean(
      'src/preload/index.ts',
      "import { contextBridge } from 'electron';\nimport { createGatehouseApi } from '../shared/api';\nexport { contextBridge, createGatehouseApi };\n",
    );
  });
});

describe('src/cli', () => {
  const file = 'src/cli/example.ts';

  it('may not import electron, the shell, or the core past its index', async () => {
    await expectLayerError(file, "import { app } from 'electron';\nexport { app };\n", "'electron'");
    await expectLayerError(file, "export * from '../main/window';\n", 'src/main');
    await expectLayerError(file, "export * from '../main/core/admin';\n", 'src/main');
    await expectLayerError(file, "export type { Store } from '../main/core/store/database';\n", 'src/main');
    await expectLayerError(file, "export * from '../renderer/src/App';\n", 'src/renderer');
  });

  it('may import the core through src/main/core/index.ts, src/shared and Node', async () => {
    for (const spelling of ['../main/core', '../main/core/index', '../main/core/index.ts']) {
      await expectClean(file, `export { openGatehouse } from '${spelling}';\n`);
    }
    await expectClean(file, "import { parseArgs } from 'node:util';\nexport { parseArgs };\nexport * from '../shared/durations';\n");
  });
});
