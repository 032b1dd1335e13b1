// Three layers, run separately or together (see CONTRIBUTING.md):
// unit (pure functions, injected clock), integration (real emulator over
// loopback), e2e (the real Pulumi CLI on a file:// backend).
const base = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // Tests' scratch space: stacks, installed plugins and generated SDKs hold
  // package.json files of their own, which jest's module map would otherwise
  // index and report as name collisions.
  modulePathIgnorePatterns: ["<rootDir>/.work/"],
};
// Unit and integration tests run against the sources, also where code loads
// the package by name (the serialised provider requires its runtime).
const sources = {
  moduleNameMapper: {
    "^pulumi-cleantalk$": "<rootDir>/sdk/index.ts",
    "^pulumi-cleantalk/internal$": "<rootDir>/provider/index.ts",
    "^pulumi-cleantalk/emulator$": "<rootDir>/emulator/index.ts",
  },
};
module.exports = {
  projects: [
    { ...base, ...sources, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    { ...base, ...sources, displayName: "integration", testMatch: ["<rootDir>/test/integration/**/*.test.ts"] },
    // The engine runs programs, the provider and the plugin as separate
    // processes, which load the built package: build it first if a source is
    // newer, and install the plugin from a fresh tarball.
    { ...base, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"], globalSetup: "<rootDir>/test/e2e/global-setup.js" },
  ],
};
