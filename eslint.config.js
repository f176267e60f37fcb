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
 * and, as allow-lists (anything not listed is an error):
 *   src/main/core/store  imports only itself, src/shared, Node built-ins and sql.js
 *   src/main/core        imports only itself, src/shared, Node built-ins and its few npm packages
 *   the shell            (src/main/*.ts, src/cli) reaches the core only through src/main/core/index.ts
 * and, outside ESLint, dependency-cruiser (.dependency-cruiser.cjs) forbids any import loop in src/.
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
          /** When set, relative imports must land inside one of these folders. */
          allowDirs: { type: 'array', items: { type: 'string' } },
          /** When set, bare imports must be a Node built-in or one of these packages. */
          allowPackages: { type: 'array', items: { type: 'string' } },
          /** Folders that may be entered only through the one file named: [folder, entry file]. */
          gateways: { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 } },
        },
        required: ['layer'],
        additionalProperties: false,
      },
    ],
    messages: {
      electron: "{{layer}} must not import 'electron' ('{{source}}'): {{why}}",
      node: "{{layer}} must not import the Node built-in '{{source}}': {{why}}",
      dir: "{{layer}} must not import from {{dir}} ('{{source}}'): {{why}}",
      notAllowedDir: "{{layer}} may import only from {{allowed}} ('{{source}}'): {{why}}",
      notAllowedPackage: "{{layer}} may import only the packages {{allowed}} and Node built-ins ('{{source}}'): {{why}}",
      gateway: "{{layer}} may reach {{dir}} only through {{entry}} ('{{source}}'): {{why}}",
    },
  },
  create(context) {
    const { layer, electron = false, nodeBuiltins = false, dirs = [], allowDirs, allowPackages, gateways = [] } =
      context.options[0] ?? {};
    const why = WHY[layer] ?? 'it breaks the layer boundaries.';
    const absolute = (dir) => ({ dir, abs: path.resolve(context.cwd, dir) });
    const inside = (target, abs) => target === abs || target.startsWith(abs + path.sep);
    const forbiddenDirs = dirs.map(absolute);
    const allowedDirs = allowDirs?.map(absolute);
    const gatewayDirs = gateways.map(([dir, entry]) => ({ ...absolute(dir), entry, entryAbs: path.resolve(context.cwd, entry) }));
    const check = (node) => {
      const source = importedSource(node);
      if (source === null) return;
      const data = { layer, source, why };
      if (source.startsWith('.') || path.isAbsolute(source)) {
        const target = path.resolve(path.dirname(context.filename), source);
        const hit = forbiddenDirs.find(({ abs }) => inside(target, abs));
        if (hit) {
          context.report({ node, messageId: 'dir', data: { ...data, dir: hit.dir } });
          return;
        }
        if (allowedDirs && !allowedDirs.some(({ abs }) => inside(target, abs))) {
          context.report({ node, messageId: 'notAllowedDir', data: { ...data, allowed: allowDirs.join(', ') } });
          return;
        }
        // `./core`, `./core/index` and `./core/index.ts` all name the gateway file.
        const gate = gatewayDirs.find(({ abs }) => inside(target, abs));
        const throughEntry = (g) => [g.abs, g.entryAbs, g.entryAbs.replace(/\.ts$/, '')].includes(target.replace(/\.js$/, ''));
        if (gate && !throughEntry(gate)) context.report({ node, messageId: 'gateway', data: { ...data, dir: gate.dir, entry: gate.entry } });
        return;
      }
      if (electron && isElectron(source)) context.report({ node, messageId: 'electron', data });
      else if (isNodeBuiltin(source)) {
        if (nodeBuiltins) context.report({ node, messageId: 'node', data });
      } else if (allowPackages && !allowPackages.some((name) => source === name || source.startsWith(`${name}/`))) {
        context.report({ node, messageId: 'notAllowedPackage', data: { ...data, allowed: allowPackages.join(', ') } });
      }
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
  'src/main/core/store': 'the store knows SQL and files, not accounts: the core builds on it, never the reverse.',
  'src/cli': 'the CLI is a shell like the Electron one: it uses the core only through its public door.',
  'src/main': 'the main process talks to the renderer over IPC only.',
  'src/preload': 'a sandboxed preload gets only electron, and talks to main over IPC only.',
  'src/renderer': 'the renderer is untrusted UI and reaches the main process only through window.gatehouse.',
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
  layer(['src/main/**/*.ts'], {
    layer: 'src/main',
    dirs: ['src/preload', 'src/renderer'],
    gateways: [['src/main/core', 'src/main/core/index.ts']],
  }),
  layer(['src/cli/**/*.ts'], {
    layer: 'src/cli',
    electron: true,
    dirs: ['src/preload', 'src/renderer'],
    // Runs under plain Node: of src/main only the core's door, and xdg-autostart (plain Node),
    // because the shell and the CLI write the same autostart entry.
    allowDirs: ['src/cli', 'src/shared', 'src/main/core', 'src/main/xdg-autostart'],
    gateways: [['src/main/core', 'src/main/core/index.ts']],
  }),
  layer(['src/main/core/**/*.ts'], {
    layer: 'src/main/core',
    electron: true,
    allowDirs: ['src/main/core', 'src/shared'],
    // zod checks payloads, the word list rejects common passwords, bcryptjs runs in the hasher's
    // workers, unhomoglyph holds Unicode's confusables for the look-alike check, otpauth computes
    // two-step codes (RFC 6238, issue 13), csv-parse reads account imports (issue 14); sql.js only
    // in the store below.
    allowPackages: ['zod', '@zxcvbn-ts/language-common', 'bcryptjs', 'unhomoglyph', 'otpauth', 'csv-parse'],
  }),
  // The directory provider (issue 16) alone speaks LDAP: ldapts stays behind its port.
  layer(['src/main/core/directory/**/*.ts'], {
    layer: 'src/main/core/directory',
    electron: true,
    allowDirs: ['src/main/core', 'src/shared'],
    allowPackages: ['zod', 'bcryptjs', 'ldapts'],
  }),
  layer(['src/main/core/store/**/*.ts'], {
    layer: 'src/main/core/store',
    electron: true,
    allowDirs: ['src/main/core/store', 'src/shared'],
    allowPackages: ['sql.js'],
  }),
  layer(['src/preload/**/*.ts'], {
    layer: 'src/preload',
    nodeBuiltins: true,
    dirs: ['src/main', 'src/renderer'],
  }),
  layer(['src/renderer/**/*.{ts,tsx}'], {
    layer: 'src/renderer',
    electron: true,
    nodeBuiltins: true,
    dirs: ['src/main', 'src/preload'],
  }),
);
