package dev.bulwark.gate.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import dev.bulwark.BulwarkException;

/**
 * The gate's TLS identity from PEM files, as PostgreSQL takes them (ssl_cert_file, ssl_key_file):
 * a certificate chain and an unencrypted PKCS#8 private key (RSA or EC).
 */
public final class TlsContext {
    private TlsContext() {}

    public static SSLContext load(Path certificateChain, Path privateKey) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> chain = cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateChain)));
            if (chain.isEmpty()) throw BulwarkException.usage(certificateChain + " holds no certificate");
            PrivateKey key = privateKey(Files.readString(privateKey), privateKey);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("gate", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw BulwarkException.usage("cannot read the gate's TLS files: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw BulwarkException.usage("the gate's TLS certificate or key is not usable: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw BulwarkException.usage(file + " is not an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
