package io.github.camelloganalytics.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key and a self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made at start with the
 * JDK alone (an EC P-256 key, signed SHA256withECDSA), so the emulator can serve https without a keystore. Gives the
 * server's {@link SSLContext} and, for clients, a context or a trust store that trusts exactly this certificate.
 */
public final class SelfSignedTls {

    private static final char[] NO_PASSWORD = "emulator".toCharArray();

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private SelfSignedTls(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A new key and certificate for the loopback names and addresses. */
    public static SelfSignedTls create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            byte[] tbs = tbsCertificate(keyPair);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(tbs);
            byte[] der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signer.sign()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new SelfSignedTls(keyPair, certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, for clients configured from a file (curl --cacert, SSL_CERT_FILE, NODE_EXTRA_CA_CERTS). */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                   + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                   + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server side: this key and certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("emulator", keyPair.getPrivate(), NO_PASSWORD, new X509Certificate[] { certificate });
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store holding this certificate. */
    public KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("emulator", certificate);
        return store;
    }

    /** Writes {@link #trustStore()} to a file, for clients configured with a trust store path and password. */
    public void writeTrustStore(Path file, String password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    // DER, just what one certificate needs

    private static final byte[] ECDSA_WITH_SHA256 = sequence(oid(1, 2, 840, 10045, 4, 3, 2));

    private static byte[] tbsCertificate(KeyPair keyPair) throws IOException {
        byte[] version = tagged(0xA0, integer(BigInteger.valueOf(2)));
        byte[] serial = integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE));
        byte[] name = sequence(set(sequence(oid(2, 5, 4, 3), tlv(0x0C, "localhost".getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = sequence(utcTime(now.minusDays(1)), utcTime(now.plusYears(1)));
        byte[] subjectAltNames = sequence(
                tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
                tlv(0x87, InetAddress.getByName("127.0.0.1").getAddress()),
                tlv(0x87, InetAddress.getByName("::1").getAddress()));
        byte[] extensions = tagged(0xA3, sequence(
                sequence(oid(2, 5, 29, 17), tlv(0x04, subjectAltNames)),
                sequence(oid(2, 5, 29, 19), tlv(0x04, sequence()))));
        return sequence(version, serial, ECDSA_WITH_SHA256, name, validity, name, keyPair.getPublic().getEncoded(),
                extensions);
    }

    private static byte[] utcTime(ZonedDateTime time) {
        return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(time).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int groups = 1;
            for (int rest = arc >>> 7; rest != 0; rest >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int septet = (arc >>> (7 * g)) & 0x7F;
                out.write(g == 0 ? septet : septet | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] tagged(int tag, byte[] content) {
        return tlv(tag, content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 128) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
