export { WorkerPool, type TaskObservation, type WorkerPoolOptions } from "./workerPool.js";
