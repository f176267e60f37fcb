/**
 * Proves the layer rules in eslint.config.js fire: each forbidden import in each layer is a lint
 * error, and the allowed imports next to it are not. Uses the real config through ESLint's API.
 * Also proves the no-cycle rule (.dependency-cruiser.cjs) catches a planted loop, type-only
 * included, and that src/ has none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
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

describe('src/main/core allow-list', () => {
  const file = 'src/main/core/example.ts';

  it('may not import the shell, the CLI, the preload, the renderer or anything outside src', async () => {
    await expectLayerError(file, "export * from '../ipc';\n", 'may import only from src/main/core, src/shared');
    await expectLayerError(file, "export * from '../../cli/index';\n", 'may import only from');
    await expectLayerError(file, "import type { X } from '../../preload/index';\nexport type Y = X;\n", 'may import only from');
    await expectLayerError(file, "export * from '../../../scripts/suite-runner.mjs';\n", 'may import only from');
  });

  it('may not import an npm package that is not on its list', async () => {
    await expectLayerError(file, "import React from 'react';\nexport { React };\n", "'react'");
    await expectLayerError(file, "import Store from 'electron-store';\nexport { Store };\n", "'electron-store'");
  });

  it('may import itself, src/shared, Node and its listed packages', async () => {
    await expectClean(
      file,
      [
        "import { z } from 'zod';",
        "import { createHash } from 'node:crypto';",
        "import { ok } from '../../shared/result';",
        "import type { Store } from './store/database';",
        'export { z, createHash, ok };',
        'export type S = Store;',
        '',
      ].join('\n'),
    );
  });
});

describe('src/main/core/store allow-list', () => {
  const file = 'src/main/core/store/example.ts';

  it('may not import the rest of the core, even for a type', async () => {
    await expectLayerError(file, "import type { CoreContext } from '../context';\nexport type C = CoreContext;\n", 'src/main/core/store, src/shared');
    await expectLayerError(file, "export { recordAudit } from '../audit';\n", 'may import only from');
  });

  it('may not import a package beyond sql.js', async () => {
    await expectLayerError(file, "import { z } from 'zod';\nexport { z };\n", "'zod'");
  });

  it('may import itself, src/shared, Node and sql.js', async () => {
    await expectClean(
      file,
      "import initSqlJs from 'sql.js';\nimport { rename } from 'node:fs/promises';\nimport { StoreError } from './errors';\nimport { ok } from '../../../shared/result';\nexport { initSqlJs, rename, StoreError, ok };\n",
    );
  });
});

describe('the shell reaches the core only through src/main/core/index.ts', () => {
  it.each(['src/main/example.ts', 'src/cli/example.ts'])('%s may not import a core module directly', async (file) => {
    const core = file.startsWith('src/cli') ? '../main/core' : './core';
    await expectLayerError(file, `import type { GatehouseHandle } from '${core}/types';\nexport type H = GatehouseHandle;\n`, 'only through src/main/core/index.ts');
    await expectLayerError(file, `export { openStore } from '${core}/store/database';\n`, 'only through');
  });

  it.each(['src/main/example.ts', 'src/cli/example.ts'])('%s may import the core index', async (file) => {
    const core = file.startsWith('src/cli') ? '../main/core' : './core';
    await expectClean(file, `export { openGatehouse } from '${core}';\nexport { StoreError } from '${core}/index';\n`);
  });
});

describe('no import loop (dependency-cruiser)', () => {
  const configFile = join(repoRoot, '.dependency-cruiser.cjs');

  async function loops(paths: string[]): Promise<string[]> {
    const options = await extractDepcruiseOptions(configFile);
    const { output } = await cruise(paths, options);
    const result = output as ICruiseResult;
    return result.summary.violations.filter((v) => v.rule.name === 'no-cycle').map((v) => `${v.from} → ${v.to}`);
  }

  it('catches a planted loop made only of type imports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport interface A { b: B }\n");
      writeFileSync(join(dir, 'b.ts'), "import type { A } from './a';\nexport interface B { a: A }\n");
      writeFileSync(join(dir, 'c.ts'), "import type { A } from './a';\nexport type C = A;\n");
      const found = await loops([dir]);
      expect(found.length).toBeGreaterThan(0);
      expect(found.join('\n')).toMatch(/[ab]\.ts → .*[ab]\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds none in src/', { timeout: 60_000 }, async () => {
    expect(await loops([join(repoRoot, 'src')])).toEqual([]);
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
