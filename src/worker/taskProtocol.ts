/** Messages between a WorkerPool and its threads. */
export interface TaskRequest {
  id: number;
  /** URL of the module whose export runs the task. */
  module: string;
  fn: string;
  input: Uint8Array;
  /** Further structured-cloneable arguments after the input. */
  args: unknown[];
}

/** An error thrown in the worker, as plain data (errors lose their class crossing threads). */
export interface TaskError {
  name: string;
  message: string;
  code?: string;
}

export type TaskReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: TaskError };
