// Console strings in English and Hindi; elements carry data-i18n="key".
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
  document.title = t("title");
}
