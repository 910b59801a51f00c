import fs from "node:fs";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { openApiDocument } from "../src/http/openapi.js";

/**
 * Writes src/client/schema.ts, the TypeScript types of the HTTP API, from the OpenAPI document
 * (`npm run client-types`). A test fails when the committed file and the document disagree.
 */
export async function clientTypes(): Promise<string> {
  // Files (format: binary) are Blobs to a client, as a browser's FormData takes them.
  const blob = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
  const ast = await openapiTS(JSON.parse(JSON.stringify(openApiDocument)) as Parameters<typeof openapiTS>[0], {
    transform: (schema) => ("format" in schema && schema.format === "binary" ? blob : undefined),
  });
  return `// Generated from the OpenAPI document by scripts/generateClientTypes.ts (npm run client-types); do not edit.\n${astToString(ast)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(path.resolve(import.meta.dirname, "../src/client/schema.ts"), await clientTypes());
}
