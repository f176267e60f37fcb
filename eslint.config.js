/**
 * Lint rules, including Gatehouse's layer rules as errors:
 *   src/shared      imports neither electron nor Node built-ins nor other layers, and sees no DOM
 *   src/main/core   never imports electron (so the core runs, and is tested, without Electron)
 *   src/main        never imports the renderer or preload sources
 *   src/preload     imports no Node built-ins (a sandboxed preload cannot load them) and no
 *                   main or renderer sources
 *   src/renderer    imports neither electron, Node, src/main nor src/preload
 *   src/cli         imports neither electron nor the shell; of src/main only the core's front
 *                   door, src/main/core/index.ts
 *
 * The layer rule is a small local rule rather than no-restricted-imports because it must also
 * catch dynamic `import()`, `require()`, `import x = require()` and `typeof import()`, and must
 * judge relative paths by where they lead (`../../main/core`), not by how they are spelled.
 * test/lint-layers.test.ts proves each rule fires.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

function isNodeBuiltin(source) {
  return source.startsWith('node:') || NODE_BUILTINS.has(source.split('/')[0]);
}

function isElectron(source) {
  return source === 'electron' || source.startsWith('electron/');
}

/** The string an import-like node loads, or null when it is not a literal. */
function importedSource(node) {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
    case 'ImportExpression':
      return node.source?.type === 'Literal' && typeof node.source.value === 'string' ? node.source.value : null;
    case 'CallExpression': {
      const [first] = node.arguments;
      const isRequire = node.callee.type === 'Identifier' && node.callee.name === 'require';
      return isRequire && first?.type === 'Literal' && typeof first.value === 'string' ? first.value : null;
    }
    case 'TSImportEqualsDeclaration':
      return node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression.value : null;
    case 'TSImportType': {
      const literal = node.source ?? node.argument?.literal;
      return literal?.type === 'Literal' && typeof literal.value === 'string' ? literal.value : null;
    }
    default:
      return null;
  }
}

const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: "Keeps each process's code inside its layer (see eslint.config.js)." },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          electron: { type: 'boolean' },
          nodeBuiltins: { type: 'boolean' },
          dirs: { type: 'array', items: { type: 'string' } },
          // Files inside a forbidden dir that may still be imported (a layer's one way in).
          allow: { type: 'array', items: { type: 'string' } },
        },
        required: ['layer'],
        additionalProperties: false,
      },
    ],
    messages: {
      electron: "{{layer}} must not import 'electron' ('{{source}}'): {{why}}",
      node: "{{layer}} must not import the Node built-in '{{source}}': {{why}}",
      dir: "{{layer}} must not import from {{dir}} ('{{source}}'): {{why}}",
    },
  },
  create(context) {
    const { layer, electron = false, nodeBuiltins = false, dirs = [], allow = [] } = context.options[0] ?? {};
    const why = WHY[layer] ?? 'it breaks the layer boundaries.';
    const forbiddenDirs = dirs.map((dir) => ({ dir, abs: path.resolve(context.cwd, dir) }));
    // An allowed file may be spelled with or without its extension, or as its folder for index.ts.
    const allowed = new Set(
      allow.flatMap((file) => {
        const abs = path.resolve(context.cwd, file);
        const bare = abs.replace(/\.ts$/, '');
        return path.basename(bare) === 'index' ? [abs, bare, path.dirname(bare)] : [abs, bare];
      }),
    );
    const check = (node) => {
      const source = importedSource(node);
      if (source === null) return;
      const data = { layer, source, why };
      if (source.startsWith('.') || path.isAbsolute(source)) {
        const target = path.resolve(path.dirname(context.filename), source);
        if (allowed.has(target)) return;
        const hit = forbiddenDirs.find(({ abs }) => target === abs || target.startsWith(abs + path.sep));
        if (hit) context.report({ node, messageId: 'dir', data: { ...data, dir: hit.dir } });
        return;
      }
      if (electron && isElectron(source)) context.report({ node, messageId: 'electron', data });
      else if (nodeBuiltins && isNodeBuiltin(source)) context.report({ node, messageId: 'node', data });
    };
    return {
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
      CallExpression: check,
      TSImportEqualsDeclaration: check,
      TSImportType: check,
    };
  },
};

const WHY = {
  'src/shared': 'the shared contract runs unchanged in main, preload, renderer and the browser harness.',
  'src/main/core': 'the core must run without Electron (tests, harness, CLI); the shell adapts it to Electron.',
  'src/main': 'the main process talks to the renderer over IPC only.',
  'src/preload': 'a sandboxed preload gets only electron, and talks to main over IPC only.',
  'src/renderer': 'the renderer is untrusted UI and reaches the main process only through window.gatehouse.',
  'src/cli': 'the CLI runs without Electron and opens the core only through src/main/core/index.ts.',
};

const gatehouse = { rules: { layers: layerRule } };

/** One config block per layer; a later block replaces the rule's options for the files it matches. */
function layer(files, options, extra = {}) {
  return {
    files,
    plugins: { gatehouse },
    rules: { 'gatehouse/layers': ['error', options] },
    ...extra,
  };
}

export default defineConfig(
  {
    ignores: ['out/', 'node_modules/', 'dist/', 'coverage/', 'test-results/', 'playwright-report/', '.tmp/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tooling, tests, main and preload run in Node. (Globals merge across blocks, so the
    // renderer and src/shared are left out here rather than trimmed later.)
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    ignores: ['src/shared/**', 'src/renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.flat.recommended.rules },
  },
  {
    // src/shared sees only the language itself: `window`, `document`, `process`, `Buffer` are
    // undefined here, so using them is a lint error. TextEncoder/TextDecoder exist everywhere.
    files: ['src/shared/**/*.ts'],
    languageOptions: {
      globals: { ...globals.es2022, TextEncoder: 'readonly', TextDecoder: 'readonly' },
      parserOptions: { lib: ['es2022'] },
    },
    rules: { 'no-undef': 'error' },
  },

  // Layer rules.
  layer(['src/shared/**/*.{ts,tsx}'], {
    layer: 'src/shared',
    electron: true,
    nodeBuiltins: true,
    dirs: ['src/main', 'src/preload', 'src/renderer'],
  }),
  layer(['src/main/**/*.ts'], { layer: 'src/main', dirs: ['src/preload', 'src/renderer'] }),
  layer(['src/main/core/**/*.ts'], { layer: 'src/main/core', electron: true, dirs: ['src/preload', 'src/renderer'] }),
  layer(['src/preload/**/*.ts'], {
    layer: 'src/preload',
    nodeBuiltins: true,
    dirs: ['src/main', 'src/renderer'],
  }),
  layer(['src/cli/**/*.ts'], {
    layer: 'src/cli',
    electron: true,
    dirs: ['src/main', 'src/preload', 'src/renderer'],
    // xdg-autostart.ts is plain Node (no electron): the shell and the CLI write the same entry.
    allow: ['src/main/core/index.ts', 'src/main/xdg-autostart.ts'],
  }),
  layer(['src/renderer/**/*.{ts,tsx}'], {
    layer: 'src/renderer',
    electron: true,
    nodeBuiltins: true,
    dirs: ['src/main', 'src/preload'],
  }),
);
