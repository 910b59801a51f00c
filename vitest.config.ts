import { defineConfig } from "vitest/config";

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
  },
});
