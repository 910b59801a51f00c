import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, longest first (file time in a full run on the 2-core machine,
 * 2026-12-06: 56, 45, 28, 20, 18, 17, 15, 14, 14, 13, 12, 11 s; the tamper file's before its CLI
 * checks ran in-process). Vitest orders by the durations in its cache, but a fresh clone (CI) has
 * none and falls back to file size: a short file with a slow test (dbMigrate, checkVault) then
 * starts last and one worker idles at the end. These go first, in this order; every other file
 * follows in Vitest's own order.
 */
const SLOWEST_FIRST = [
  "test/e2e/console.test.ts",
  "test/audit/tamper.test.ts",
  "test/integration/killDuringBurst.test.ts",
  "test/interop/cliSign.test.ts",
  "test/integration/loadNoLoss.test.ts",
  "test/audit/checkVault.test.ts",
  "test/files/fileWorkflow.test.ts",
  "test/integration/s3FaultNoPartial.test.ts",
  "test/unit/pdfSignaturePlacement.test.ts",
  "test/files/dbMigrate.test.ts",
  "test/integration/versionAudit.test.ts",
  "test/integration/documents.test.ts",
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = SLOWEST_FIRST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? SLOWEST_FIRST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker per CPU less one: a single worker on this 2-core machine. Most
    // test files wait on child processes, fsyncs and sockets, so two forks finish the suite in about
    // 240 s instead of 370 s (measured on the idle machine, all 565 tests passing either way).
    maxWorkers: 2,
    // Test files in one fork share the module cache instead of importing mohar afresh each (the
    // collect phase was 88 s of a 329 s run; 14 s of 263 s without). No test mocks modules or
    // changes the environment, which is what isolation would guard against.
    isolate: false,
    sequence: { sequencer: SlowestFirst },
  },
});
