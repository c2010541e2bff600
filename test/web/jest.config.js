/** The browser tests: a real Chromium (Debian's package) driven by playwright-core. Run with `npm run test:web`;
 * `npm test` stays browser-free. One file, one worker: a browser is heavy and CI's machine has two cores. */
module.exports = {
  rootDir: "../..",
  testEnvironment: "node",
  roots: ["<rootDir>/test/web"],
  testMatch: ["**/*.browser.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 120000,
  maxWorkers: 1,
};
