// Console strings in English and Hindi; elements carry data-i18n="key".
// Who answered a revocation question: the words the server's reports use, from their one home.
import { REVOCATION_SOURCE_WORDS } from "./revocationWords.js";

/** revsrc_<source> keys for one language. */
function sourceWords(lang) {
  return Object.fromEntries(Object.entries(REVOCATION_SOURCE_WORDS[lang]).map(([source, words]) => [`revsrc_${source}`, words]));
}

const STRINGS = {
  en: {
    title: "mohar — e-Office signing", signIn: "Sign in", signOut: "Sign out", credential: "API key or e-Office token",
    documents: "Documents", sign: "Sign", verify: "Verify", audit: "Audit", uploadDraft: "Upload a draft", docTitle: "Title",
    fileNumber: "File number", kind: "Kind", pdf: "PDF", upload: "Upload", list: "List", documentId: "Document id", open: "Open",
    page: "Page", reason: "Reason", dragHint: "Drag a box on the page where the signature goes.", signNow: "Sign",
    dropPdf: "Drop or choose a PDF", verifyNow: "Verify", checkpoint: "Current checkpoint", timeline: "Timeline",
    version: "Version", download: "Download", signedIn: "Signed in as", uploaded: "Uploaded", signed: "Signed: new version",
    box: "Signature box (PDF points)", noBox: "Drag a box on the page first.", choosePdf: "Choose a PDF first.",
    signer: "Signer", time: "Time", timestamp: "Timestamp", chain: "Certificate chain", revocation: "Revocation",
    changes: "Later changes", allowed: "allowed", notAllowed: "not allowed", report: "Download report (JSON)", none: "none",
    TOTAL_PASSED: "Valid", TOTAL_FAILED: "Invalid", INDETERMINATE: "Cannot be decided", signatures: "Signatures",
    pages: "pages", noDocuments: "No documents in this file.", noSignatures: "This PDF has no signatures.",
    failed: "Something went wrong", networkError: "The server could not be reached.",
    desk: "My desk", pendingHint: "Files with you, oldest first. Overdue ones are marked in red.", refresh: "Refresh",
    nothingPending: "Nothing is pending with you.", subject: "Subject", office: "Office", since: "With you since",
    daysHeld: "Days held", dueDate: "Due date", receipt: "Receipt", received: "Received", notReceived: "Not yet received",
    overdue: "overdue", openFile: "Open a new file", sectionOptional: "Section (optional)", openFileNow: "Open file",
    fileOpened: "File opened", fileDocuments: "Documents on this file", addDraft: "Add a draft to this file",
    movements: "Where the file has been", forward: "Forward", forwardTo: "To", officer: "officer", section: "section",
    user: "user", remarks: "Remarks", forwardNow: "Forward", forwarded: "Forwarded", status: "Status", holder: "With",
    status_open: "open", status_parked: "parked", status_closed: "closed", receive: "Receive", park: "Park",
    close: "Close", reopen: "Reopen", days: "days", working: "working days", heldSince: "held since", now: "now",
    sentBy: "sent by", encryption: "Encrypted", repaired: "Damaged file structure, repaired to read it",
    damaged: "The file is damaged",
    "pdf.password_required": "This PDF is protected by a password: mohar cannot open it, so cannot verify it. Ask for a copy that opens without a password.",
    pagesNav: "Pages", officerOrSection: "Officer or section", signCanvas: "The page to sign: drag a box with the mouse or a finger",
    notesheet: "Notesheet", noNotesheet: "No notesheet on this file yet.", chartTitle: "Who held the file, from when to when, how long",
    reportPdf: "Download report (PDF)", notBefore: "Valid from", notAfter: "Valid until", issuer: "Issuer",
    certValid: "certificate valid", certExpired: "certificate expired", certNotYetValid: "certificate not yet valid",
    trusted: "trusted", notTrusted: "not trusted", chainOk: "chain complete", chainBroken: "chain incomplete",
    rev_good: "not revoked", rev_revoked: "REVOKED", rev_unknown: "revocation status unknown", rev_no_data: "no revocation data",
    ...sourceWords("en"),
    integrity: "Integrity", tsValid: "timestamp valid", tsInvalid: "timestamp NOT valid", integrityOk: "document unchanged since signing", integrityBad: "document changed or signature broken",
    proofTitle: "Check an entry against the checkpoint", entrySeq: "Entry number (seq)", checkProof: "Check inclusion",
    proofOk: "Included: the entry's hash and the proof give the root of the signed checkpoint.",
    proofBad: "NOT included: the proof does not give the checkpoint's root.", sigOk: "Checkpoint signature valid (Ed25519, the log's key).",
    sigBad: "Checkpoint signature does NOT verify.", sigUnchecked: "This browser cannot check Ed25519 signatures; the root was compared only.",
    treeSize: "tree size", root: "root", entry: "Entry", actor: "Actor", action: "Action", outcome: "Outcome",
    reports: "Reports", pendencyTitle: "Pendency (arrear statement)", activityTitle: "Activity", officeOptional: "Office (optional)",
    asOf: "As of", fromDate: "From", toDate: "To", show: "Show", csv: "Download CSV", noRows: "Nothing to report.",
    col_office: "Office", col_holderKind: "Holder kind", col_holderId: "Holder", col_pending: "Pending", col_overdue: "Overdue",
    col_pendingOver7Days: "Pending > 7 days", col_medianDaysHeld: "Median days held", col_created: "Created", col_received: "Received",
    col_forwarded: "Forwarded", col_parked: "Parked", col_closed: "Closed", col_reopened: "Reopened", col_signatures: "Signatures made",
    admin: "Admin", officers: "Officers", registerOfficer: "Register an officer", officerId: "Officer id", name: "Name",
    designation: "Designation", department: "Department", p12File: "PKCS#12 file name on the server", certificatePem: "Certificate (PEM)",
    register: "Register", registered: "Officer registered", apiKeys: "API keys", createKey: "Create a key", role: "Role",
    officerForKey: "Officer it signs for (officer keys)", keyOfficer: "Officer", create: "Create", keyId: "Key id", created: "Created",
    revoke: "Revoke", revoked: "revoked", active: "active", keyRevoked: "Key revoked",
    newKeyOnce: "The new key, shown only now: copy it and hand it over safely.", certificate: "Certificate",
    keysHint: "Keyboard: on the page, Enter places a box, the arrow keys move it (Shift: further), + and − resize it.",
    signToken: "Sign with a USB token or eSign", tokenTitle: "Now act on your token or eSign",
    tokenHint: "Sign the attributes below with your USB token (RSA or ECDSA with SHA-256) or send the digest to eSign, then paste the signature or the CMS it returns and complete before the session expires.",
    sessionId: "Session", expiresAt: "Expires at", digestToSign: "Digest to sign (SHA-256, base64)", signedAttributes: "Signed attributes (DER, base64)",
    tokenKind: "What you paste", rawSignature: "signature over the attributes", cmsSignature: "CMS (PKCS#7)", tokenValue: "Signature or CMS (base64)",
    complete: "Complete signing", tokenWaiting: "Waiting for your token: the document is not signed until you complete.",
    makeStatement: "Make signed statement", statementWorking: "Making and signing the statement…", statementMade: "Signed statement stored",
    "report.no_signer": "No key to sign the statement with: you are not bound to an officer and no office seal is set. Ask an officer to make it, or an administrator to set the office seal (STATEMENT_SEAL_OFFICER).",
    "auth.role": "You do not have permission for this.", "auth.not_this_officer": "You may sign only with your own officer's key.",
  },
  hi: {
    title: "मोहर — ई-ऑफ़िस हस्ताक्षर", signIn: "साइन इन करें", signOut: "साइन आउट", credential: "एपीआई कुंजी या ई-ऑफ़िस टोकन",
    documents: "दस्तावेज़", sign: "हस्ताक्षर", verify: "सत्यापन", audit: "लेखा परीक्षा", uploadDraft: "मसौदा अपलोड करें", docTitle: "शीर्षक",
    fileNumber: "फ़ाइल संख्या", kind: "प्रकार", pdf: "पीडीएफ़", upload: "अपलोड", list: "सूची", documentId: "दस्तावेज़ आईडी", open: "खोलें",
    page: "पृष्ठ", reason: "कारण", dragHint: "पृष्ठ पर वह जगह खींचकर चुनें जहाँ हस्ताक्षर होगा।", signNow: "हस्ताक्षर करें",
    dropPdf: "पीडीएफ़ यहाँ छोड़ें या चुनें", verifyNow: "सत्यापित करें", checkpoint: "वर्तमान चेकपॉइंट", timeline: "समयरेखा",
    version: "संस्करण", download: "डाउनलोड", signedIn: "साइन इन:", uploaded: "अपलोड हुआ", signed: "हस्ताक्षरित: नया संस्करण",
    box: "हस्ताक्षर का स्थान (पीडीएफ़ पॉइंट)", noBox: "पहले पृष्ठ पर एक बॉक्स खींचें।", choosePdf: "पहले एक पीडीएफ़ चुनें।",
    signer: "हस्ताक्षरकर्ता", time: "समय", timestamp: "टाइमस्टैम्प", chain: "प्रमाणपत्र शृंखला", revocation: "निरस्तीकरण",
    changes: "बाद के बदलाव", allowed: "अनुमत", notAllowed: "अनुमत नहीं", report: "रिपोर्ट डाउनलोड करें (JSON)", none: "कोई नहीं",
    TOTAL_PASSED: "मान्य", TOTAL_FAILED: "अमान्य", INDETERMINATE: "निर्णय नहीं हो सका", signatures: "हस्ताक्षर",
    pages: "पृष्ठ", noDocuments: "इस फ़ाइल में कोई दस्तावेज़ नहीं।", noSignatures: "इस पीडीएफ़ में कोई हस्ताक्षर नहीं।",
    failed: "कुछ गलत हो गया", networkError: "सर्वर से संपर्क नहीं हो सका।",
    desk: "मेरी डेस्क", pendingHint: "आपके पास लंबित फ़ाइलें, सबसे पुरानी पहले। समय-सीमा पार फ़ाइलें लाल रंग में हैं।", refresh: "ताज़ा करें",
    nothingPending: "आपके पास कुछ भी लंबित नहीं है।", subject: "विषय", office: "कार्यालय", since: "आपके पास कब से",
    daysHeld: "कितने दिन", dueDate: "नियत तिथि", receipt: "प्राप्ति", received: "प्राप्त", notReceived: "अभी प्राप्त नहीं",
    overdue: "समय-सीमा पार", openFile: "नई फ़ाइल खोलें", sectionOptional: "अनुभाग (वैकल्पिक)", openFileNow: "फ़ाइल खोलें",
    fileOpened: "फ़ाइल खोली गई", fileDocuments: "इस फ़ाइल के दस्तावेज़", addDraft: "इस फ़ाइल में मसौदा जोड़ें",
    movements: "फ़ाइल कहाँ-कहाँ रही", forward: "अग्रेषित करें", forwardTo: "किसे", officer: "अधिकारी", section: "अनुभाग",
    user: "उपयोगकर्ता", remarks: "टिप्पणी", forwardNow: "अग्रेषित करें", forwarded: "अग्रेषित", status: "स्थिति", holder: "किसके पास",
    status_open: "खुली", status_parked: "स्थगित", status_closed: "बंद", receive: "प्राप्त करें", park: "स्थगित करें",
    close: "बंद करें", reopen: "फिर खोलें", days: "दिन", working: "कार्य दिवस", heldSince: "कब से", now: "अब",
    sentBy: "भेजने वाले", encryption: "एन्क्रिप्टेड (पासवर्ड-सुरक्षा)", repaired: "फ़ाइल की संरचना क्षतिग्रस्त थी; पढ़ने के लिए उसकी मरम्मत की गई",
    damaged: "फ़ाइल क्षतिग्रस्त है",
    "pdf.password_required": "यह पीडीएफ़ पासवर्ड से सुरक्षित है: मोहर इसे खोल नहीं सकता, इसलिए सत्यापन नहीं हो सकता। ऐसी प्रति माँगें जो बिना पासवर्ड के खुले।",
    pagesNav: "पृष्ठ", officerOrSection: "अधिकारी या अनुभाग", signCanvas: "हस्ताक्षर का पृष्ठ: माउस या उंगली से बॉक्स खींचें",
    notesheet: "नोटशीट", noNotesheet: "इस फ़ाइल में अभी कोई नोटशीट नहीं।", chartTitle: "फ़ाइल किसके पास, कब से कब तक, कितने समय रही",
    reportPdf: "रिपोर्ट डाउनलोड करें (PDF)", notBefore: "कब से मान्य", notAfter: "कब तक मान्य", issuer: "जारीकर्ता",
    certValid: "प्रमाणपत्र मान्य", certExpired: "प्रमाणपत्र की अवधि समाप्त", certNotYetValid: "प्रमाणपत्र अभी मान्य नहीं",
    trusted: "विश्वसनीय", notTrusted: "विश्वसनीय नहीं", chainOk: "शृंखला पूरी", chainBroken: "शृंखला अधूरी",
    rev_good: "निरस्त नहीं", rev_revoked: "निरस्त", rev_unknown: "निरस्तीकरण स्थिति अज्ञात", rev_no_data: "निरस्तीकरण जानकारी नहीं",
    ...sourceWords("hi"),
    integrity: "अखंडता", tsValid: "टाइमस्टैम्प मान्य", tsInvalid: "टाइमस्टैम्प मान्य नहीं", integrityOk: "हस्ताक्षर के बाद दस्तावेज़ अपरिवर्तित", integrityBad: "दस्तावेज़ बदला गया या हस्ताक्षर टूटा",
    proofTitle: "चेकपॉइंट के विरुद्ध प्रविष्टि जाँचें", entrySeq: "प्रविष्टि संख्या (seq)", checkProof: "समावेश जाँचें",
    proofOk: "शामिल: प्रविष्टि का हैश और प्रमाण हस्ताक्षरित चेकपॉइंट का रूट देते हैं।",
    proofBad: "शामिल नहीं: प्रमाण चेकपॉइंट का रूट नहीं देता।", sigOk: "चेकपॉइंट का हस्ताक्षर मान्य (Ed25519, लॉग की कुंजी)।",
    sigBad: "चेकपॉइंट का हस्ताक्षर सत्यापित नहीं होता।", sigUnchecked: "यह ब्राउज़र Ed25519 हस्ताक्षर नहीं जाँच सकता; केवल रूट मिलाया गया।",
    treeSize: "ट्री आकार", root: "रूट", entry: "प्रविष्टि", actor: "कर्ता", action: "कार्य", outcome: "परिणाम",
    reports: "रिपोर्ट", pendencyTitle: "लंबित फ़ाइलें (बकाया विवरण)", activityTitle: "गतिविधि", officeOptional: "कार्यालय (वैकल्पिक)",
    asOf: "तिथि तक", fromDate: "से", toDate: "तक", show: "दिखाएँ", csv: "CSV डाउनलोड करें", noRows: "रिपोर्ट करने को कुछ नहीं।",
    col_office: "कार्यालय", col_holderKind: "धारक प्रकार", col_holderId: "धारक", col_pending: "लंबित", col_overdue: "समय-सीमा पार",
    col_pendingOver7Days: "7 दिन से अधिक लंबित", col_medianDaysHeld: "औसत (माध्यिका) दिन", col_created: "बनाई गईं", col_received: "प्राप्त",
    col_forwarded: "अग्रेषित", col_parked: "स्थगित", col_closed: "बंद", col_reopened: "फिर खोली गईं", col_signatures: "किए गए हस्ताक्षर",
    admin: "प्रशासन", officers: "अधिकारी", registerOfficer: "अधिकारी पंजीकृत करें", officerId: "अधिकारी आईडी", name: "नाम",
    designation: "पदनाम", department: "विभाग", p12File: "सर्वर पर PKCS#12 फ़ाइल का नाम", certificatePem: "प्रमाणपत्र (PEM)",
    register: "पंजीकृत करें", registered: "अधिकारी पंजीकृत हुए", apiKeys: "एपीआई कुंजियाँ", createKey: "कुंजी बनाएँ", role: "भूमिका",
    officerForKey: "किस अधिकारी के लिए हस्ताक्षर (अधिकारी कुंजी)", keyOfficer: "अधिकारी", create: "बनाएँ", keyId: "कुंजी आईडी", created: "कब बनी",
    revoke: "निरस्त करें", revoked: "निरस्त", active: "सक्रिय", keyRevoked: "कुंजी निरस्त की गई",
    newKeyOnce: "नई कुंजी, केवल अभी दिखाई जा रही है: इसे कॉपी करें और सुरक्षित रूप से सौंपें।", certificate: "प्रमाणपत्र",
    keysHint: "कीबोर्ड: पृष्ठ पर Enter से बॉक्स रखें, तीर कुंजियों से खिसकाएँ (Shift: अधिक), + और − से आकार बदलें।",
    signToken: "यूएसबी टोकन या ई-साइन से हस्ताक्षर करें", tokenTitle: "अब अपने टोकन या ई-साइन पर कार्य करें",
    tokenHint: "नीचे दिए गुणों (attributes) पर अपने यूएसबी टोकन (SHA-256 के साथ RSA या ECDSA) से हस्ताक्षर करें या डाइजेस्ट ई-साइन को भेजें, फिर लौटाया गया हस्ताक्षर या CMS चिपकाएँ और सत्र समाप्त होने से पहले पूरा करें।",
    sessionId: "सत्र", expiresAt: "समाप्ति समय", digestToSign: "हस्ताक्षर हेतु डाइजेस्ट (SHA-256, base64)", signedAttributes: "हस्ताक्षरित गुण (DER, base64)",
    tokenKind: "आप क्या चिपका रहे हैं", rawSignature: "गुणों पर हस्ताक्षर", cmsSignature: "CMS (PKCS#7)", tokenValue: "हस्ताक्षर या CMS (base64)",
    complete: "हस्ताक्षर पूरा करें", tokenWaiting: "आपके टोकन की प्रतीक्षा: पूरा करने तक दस्तावेज़ हस्ताक्षरित नहीं है।",
    makeStatement: "हस्ताक्षरित विवरण बनाएँ", statementWorking: "विवरण बनाया और हस्ताक्षरित किया जा रहा है…", statementMade: "हस्ताक्षरित विवरण सहेजा गया",
    "report.no_signer": "विवरण पर हस्ताक्षर के लिए कोई कुंजी नहीं: आप किसी अधिकारी से जुड़े नहीं हैं और कार्यालय मुहर तय नहीं है। किसी अधिकारी से विवरण बनवाएँ, या प्रशासक से कार्यालय मुहर (STATEMENT_SEAL_OFFICER) तय करवाएँ।",
    "auth.role": "आपको इसकी अनुमति नहीं है।", "auth.not_this_officer": "आप केवल अपने अधिकारी की कुंजी से हस्ताक्षर कर सकते हैं।",
  },
};

let lang = "en";

export function t(key) {
  return STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
}

export function currentLang() {
  return lang;
}

/** Switches language and re-labels every data-i18n element. */
export function setLang(next) {
  lang = next;
  document.documentElement.lang = next;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  document.title = t("title");
}
