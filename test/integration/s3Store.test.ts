import { randomUUID } from "node:crypto";
import { S3ObjectStore } from "../../src/store/index.js";
import { s3ConfigFor, startS3rver } from "../helpers/s3rver.js";
import { describeObjectStore } from "../helpers/storeConformance.js";

describeObjectStore("S3 (s3rver through the minio client)", async () => {
  const s3 = await startS3rver();
  const store = await S3ObjectStore.open(s3ConfigFor(s3.env(`conf-${randomUUID().slice(0, 8)}`)));
  return {
    store,
    async dispose() {
      await store.close();
      await s3.close();
    },
  };
});
