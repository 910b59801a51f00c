import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aadhaarOf, deliver, throughEsp, upload, type Started } from "../esign/helpers.js";
import { havePdfbox, pdfboxCheck } from "../helpers/pdfboxCheck.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// An independent check of mohar's signatures (#15): PDFBox reads each signature's ByteRange
// content and /Contents, BouncyCastle checks messageDigest and the signature value against the
// signer certificate (test/interop/java/PdfSignatureCheck.java), all files in one JVM run.

const OFFICER = "anita-sharma";
const available = await havePdfbox();

describe.skipIf(!available)("PDFBox/BouncyCastle check of mohar's signatures", () => {
  let srv: TestServer;
  let dir: string;
  beforeAll(async () => {
    srv = await startTestServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-pdfbox-files-"));
  });
  afterAll(async () => {
    await srv?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const officerPost = async (p: string, body: unknown): Promise<Response> =>
    srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, as: "officer" });
  const content = async (id: string, n: number, name: string): Promise<string> => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/${n}/content`, { as: "clerk" })).arrayBuffer()));
    return file;
  };
  const esign = async (id: string): Promise<void> => {
    const res = await officerPost(`/v1/documents/${id}/esign`, { officerId: OFFICER, reason: "Approved" });
    expect(res.status, await res.clone().text()).toBe(201);
    const started = (await res.json()) as Started;
    const done = await deliver(await throughEsp(started.form, aadhaarOf(OFFICER)));
    expect(done.status, await done.clone().text()).toBe(200);
  };

  it("verifies a key-held signature and a two-signature document whose second is an eSign signature; a changed byte fails", async () => {
    const held = await upload(srv, "Sanction of leave");
    const signed = await officerPost(`/v1/documents/${held}/signatures`, { officerId: OFFICER, reason: "Approved" });
    expect(signed.status, await signed.clone().text()).toBe(201);
    // Version 3: the key-held signature and, over it, an eSign signature (one ESP transaction less
    // than an eSign-only document, and the same eSign CMS).
    await esign(held);
    const files = [await content(held, 2, "held.pdf"), await content(held, 3, "two.pdf")];
    const verification = (await (await srv.request(`/v1/documents/${held}/versions/3/verification`, { as: "auditor" })).json()) as { status: string; signatureCount: number };
    expect(verification).toMatchObject({ status: "TOTAL_PASSED", signatureCount: 2 });
    // A copy of the key-held signature with one signed byte changed (in the header's binary comment).
    const tampered = path.join(dir, "tampered.pdf");
    const bytes = fs.readFileSync(files[0] as string);
    bytes[10] = (bytes[10] as number) ^ 0x01;
    fs.writeFileSync(tampered, bytes);

    const r = await pdfboxCheck([...files, tampered]);
    expect(r.code, `${r.lines.join("\n")}\n${r.stderr}`).toBe(1);
    const line = (label: string): string => r.lines.find((l) => l.startsWith(label)) ?? `no line for ${label}: ${r.lines.join(" | ")}`;
    const ok = /messageDigest=ok signature=ok/;
    expect(line(`${files[0]}#1`)).toMatch(ok);
    expect(line(`${files[0]}#1`)).toMatch(/signer="[^"]*CN=Anita Sharma/i);
    expect(line(`${files[0]}#1`)).toContain("wholeFile=yes");
    expect(line(`${files[1]}#1`)).toMatch(ok);
    expect(line(`${files[1]}#1`)).toContain("wholeFile=no");
    expect(line(`${files[1]}#2`)).toMatch(ok);
    expect(line(`${files[1]}#2`)).toMatch(/signer="[^"]*CN=ANITA SHARMA/);
    expect(line(`${files[1]}#2`)).toContain("wholeFile=yes");
    expect(line(`${files[1]}#2`)).toContain("subFilter=ETSI.CAdES.detached");
    expect(line(`${tampered}#1`)).toMatch(/messageDigest=BAD/);
    expect(r.lines).toHaveLength(4);
  });
});
