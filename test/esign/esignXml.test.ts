import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { esignRequestXml, esignTimestamp, readEsignRequest, signEnveloped, verifyEnveloped } from "../../src/esign/index.js";
import { haveTool } from "../helpers/interopTools.js";

const run = promisify(execFile);
const esp = path.resolve("certs-dev/esp");
const read = (f: string) => fs.readFile(path.join(esp, f), "utf8");

async function signedRequest(): Promise<string> {
  const xml = esignRequestXml({
    ver: "2.1",
    ts: new Date("2026-12-05T18:00:00Z"),
    txn: "AAAAAAAAAAAAAAAAAAAAAA",
    aspId: "mohar-dev-asp",
    authMode: "1",
    responseUrl: "http://127.0.0.1:1/v1/esign/response?a=1&b=<2>",
    docs: [
      { id: "1", sha256: createHash("sha256").update("one").digest(), docInfo: "पत्र & \"letter\"" },
      { id: "2", sha256: createHash("sha256").update("two").digest(), docInfo: "notesheet" },
    ],
  });
  return signEnveloped(xml, await read("asp.key.pem"), await read("asp.pem"));
}

describe("eSign XML (CCA eSign API 2.1) and its XML signature", () => {
  it("builds the Esign request with the spec's attributes and one InputHash per document", async () => {
    const signed = await signedRequest();
    expect(signed).toMatch(/^<Esign ver="2.1" sc="Y" ts="2026-12-05T23:30:00" txn="AAAAAAAAAAAAAAAAAAAAAA" ekycId="" ekycIdType="A" aspId="mohar-dev-asp" AuthMode="1" responseSigType="pkcs7" /);
    expect(signed).toContain(`<InputHash id="1" hashAlgorithm="SHA256" docInfo="पत्र &amp; &quot;letter&quot;">${createHash("sha256").update("one").digest("hex")}</InputHash>`);
    expect(signed).toContain('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>');
    expect(signed).toContain('<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>');
    expect(signed).toContain('<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>');
    expect(signed).toContain("<X509Certificate>");
    const back = readEsignRequest(verifyEnveloped(signed, new X509Certificate(await read("asp.pem")), "esign.bad_request", "the request"));
    expect(back.docs.map((d) => d.docInfo)).toEqual(['पत्र & "letter"', "notesheet"]);
    expect(back.responseUrl).toBe("http://127.0.0.1:1/v1/esign/response?a=1&b=<2>");
    expect(esignTimestamp(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01T05:30:00");
  });

  it("xmlsec1 (an independent XMLDSig implementation) verifies the signature and refuses a changed request", async () => {
    expect(await haveTool("xmlsec1")).toBe(true);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-xmlsec-"));
    try {
      const signed = await signedRequest();
      await fs.writeFile(path.join(dir, "good.xml"), signed);
      const ok = await run("xmlsec1", ["--verify", "--enabled-reference-uris", "empty", "--pubkey-cert-pem", path.join(esp, "asp.pem"), path.join(dir, "good.xml")]);
      expect(ok.stderr).toMatch(/OK/);
      await fs.writeFile(path.join(dir, "bad.xml"), signed.replace('docInfo="notesheet"', 'docInfo="notesheeT"'));
      await expect(run("xmlsec1", ["--verify", "--enabled-reference-uris", "empty", "--pubkey-cert-pem", path.join(esp, "asp.pem"), path.join(dir, "bad.xml")])).rejects.toThrow();
      // And mohar verifies what xmlsec1 signs (its own c14n and digest, the same template).
      const template = signed.replace(/<SignatureValue>[^<]*<\/SignatureValue>/, "<SignatureValue/>").replace(/<DigestValue>[^<]*<\/DigestValue>/, "<DigestValue/>");
      await fs.writeFile(path.join(dir, "template.xml"), template);
      const bySec = await run("xmlsec1", ["--sign", "--enabled-reference-uris", "empty", "--privkey-pem", path.join(esp, "asp.key.pem"), path.join(dir, "template.xml")], { encoding: "utf8" });
      const back = verifyEnveloped(bySec.stdout, new X509Certificate(await read("asp.pem")), "esign.bad_request", "the request");
      expect(back.localName).toBe("Esign");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a changed document, a key other than the configured one, a DOCTYPE and a wrapped second signature", async () => {
    const signed = await signedRequest();
    const asp = new X509Certificate(await read("asp.pem"));
    const check = (xml: string, cert = asp) => () => verifyEnveloped(xml, cert, "esign.bad_request", "the request");
    expect(check(signed.replace('AuthMode="1"', 'AuthMode="2"'))).toThrow(/does not verify/);
    expect(check(signed, new X509Certificate(await read("esp.pem")))).toThrow(/does not verify/);
    expect(check(`<!DOCTYPE x [<!ENTITY e "x">]>${signed}`)).toThrow(/DOCTYPE/);
    expect(check("<Esign><unclosed></Esign>")).toThrow(/well-formed/);
    expect(check("<Esign/>")).toThrow(/exactly one XML signature/);
    const sig = signed.slice(signed.indexOf("<Signature"), signed.indexOf("</Esign>"));
    expect(check(signed.replace("</Esign>", `${sig}</Esign>`))).toThrow(/exactly one XML signature/);
  });
});
