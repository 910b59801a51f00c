export { WorkerPool, type WorkerPoolOptions } from "./workerPool.js";
