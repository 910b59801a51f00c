import java.io.File;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * An independent check of mohar's PDF signatures (#15): PDFBox finds each signature's ByteRange
 * content and /Contents; BouncyCastle parses the CMS, recomputes the digest of the signed bytes
 * against the messageDigest attribute and verifies the signature value with the signer
 * certificate's key. One line per signature:
 *   FILE#N field=NAME subFilter=SF signer="DN" digest=ALG messageDigest=ok|BAD signature=ok|BAD wholeFile=yes|no
 * Exit status 0 only when every signature of every file checks.
 */
public final class PdfSignatureCheck {
  public static void main(String[] args) throws Exception {
    java.security.Security.addProvider(new BouncyCastleProvider());
    boolean allOk = true;
    for (String path : args) {
      byte[] bytes = Files.readAllBytes(new File(path).toPath());
      try (PDDocument doc = PDDocument.load(bytes)) {
        List<PDSignature> sigs = doc.getSignatureDictionaries();
        if (sigs.isEmpty()) {
          System.out.println(path + " no signatures");
          allOk = false;
        }
        int n = 0;
        for (PDSignature sig : sigs) {
          n++;
          allOk &= check(path + "#" + n, sig, bytes);
        }
      }
    }
    System.exit(allOk ? 0 : 1);
  }

  private static boolean check(String label, PDSignature sig, byte[] file) throws Exception {
    byte[] signed = sig.getSignedContent(file);
    byte[] contents = sig.getContents(file);
    int[] br = sig.getByteRange();
    boolean wholeFile = br.length == 4 && br[0] == 0 && (long) br[2] + br[3] == file.length;
    CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed), contents);
    StringBuilder out = new StringBuilder(label).append(" field=").append(sig.getName() == null ? "?" : "\"" + sig.getName() + "\"");
    out.append(" subFilter=").append(sig.getSubFilter());
    boolean ok = true;
    Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
    if (signers.size() != 1) {
      out.append(" signers=").append(signers.size());
      ok = false;
    }
    for (SignerInformation si : signers) {
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(si.getSID());
      if (matches.isEmpty()) {
        System.out.println(out.append(" signer=NOT-FOUND"));
        return false;
      }
      X509Certificate cert = new JcaX509CertificateConverter().setProvider("BC").getCertificate(matches.iterator().next());
      out.append(" signer=\"").append(cert.getSubjectX500Principal().getName()).append("\"");
      String digestOid = si.getDigestAlgOID();
      out.append(" digest=").append(digestOid);
      boolean digestOk = false;
      Attribute md = si.getSignedAttributes() == null ? null : si.getSignedAttributes().get(CMSAttributes.messageDigest);
      if (md != null) {
        byte[] claimed = ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
        byte[] actual = MessageDigest.getInstance(digestOid, "BC").digest(signed);
        digestOk = MessageDigest.isEqual(claimed, actual);
      }
      out.append(" messageDigest=").append(digestOk ? "ok" : "BAD");
      boolean sigOk;
      try {
        sigOk = si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(cert));
      } catch (Exception e) {
        sigOk = false;
        out.append(" error=\"").append(e.getMessage()).append("\"");
      }
      out.append(" signature=").append(sigOk ? "ok" : "BAD");
      ok &= digestOk && sigOk;
    }
    out.append(" wholeFile=").append(wholeFile ? "yes" : "no");
    System.out.println(out);
    return ok;
  }
}
