/**
 * No import loop anywhere in src/, type-only imports included.
 *
 * Why dependency-cruiser and not eslint-plugin-import(-x)'s no-cycle: that rule skips
 * `import type` by design, and the loop issue 9 found ran through type-only imports
 * (types.ts → provisioning.ts → … → store/database.ts → types.ts). dependency-cruiser reads the
 * TypeScript before compilation (`tsPreCompilationDeps`), so type-only edges count too.
 * `npm run lint` runs it; test/lint-layers.test.ts proves it catches a planted type-only loop
 * and that src/ has none today.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import loop, type-only imports included. Move the shared piece down a layer instead.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] },
  },
};
