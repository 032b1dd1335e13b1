// The example's EnvFile, so this program type-checks in place. The test runs
// the program with the example's env-file.ts itself copied over this file, as
// a user who copied it into their project would.
export * from "../../../../examples/consume-in-deployment/app/env-file";
