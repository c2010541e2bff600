/** Jest runs TypeScript through SWC (no type-check on the test path: `npm run typecheck` does that),
 * which keeps the suite's start fast. Our packages are all CommonJS or dual, so no ESM loader is needed. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 30000,
};
