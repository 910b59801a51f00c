import type { RevocationSourceName } from "./report.js";

/**
 * Who answered a certificate's revocation question, in words, in English and Hindi: the one home
 * for the text report (`mohar verify`), the PDF report and the web console (served to it as the
 * module /console/revocationWords.js by http/consoleAssets.ts).
 */
export const REVOCATION_SOURCE_WORDS: Record<"en" | "hi", Record<RevocationSourceName, string>> = {
  en: {
    embedded_cms: "answer embedded in the signature",
    embedded_dss: "answer embedded in the document (DSS)",
    crl_dir: "answer from the office's CRL directory",
    live_ocsp: "answer from the CA's OCSP responder",
    live_crl: "answer from the CA's CRL",
    none: "no source answered",
  },
  hi: {
    embedded_cms: "उत्तर हस्ताक्षर में निहित",
    embedded_dss: "उत्तर दस्तावेज़ (DSS) में निहित",
    crl_dir: "उत्तर कार्यालय की CRL निर्देशिका से",
    live_ocsp: "उत्तर CA की OCSP सेवा से",
    live_crl: "उत्तर CA की CRL से",
    none: "किसी स्रोत से उत्तर नहीं",
  },
};
