package dev.resetguard.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, with the server and
 * client SSL contexts built from it. The client side trusts this certificate only.
 */
public final class ChaosTls {

	private static final String ALIAS = "chaos";

	private static final String PASSWORD_VARIABLE = "CHAOS_TLS_STOREPASS";

	private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

	private static final Object INSTANCE_MONITOR = new Object();

	private static @Nullable ChaosTls instance;

	private final X509Certificate certificate;

	private final SSLContext serverContext;

	private final SSLContext clientContext;

	private final X509TrustManager trustManager;

	private ChaosTls(KeyStore keyStore, char[] password) throws GeneralSecurityException {
		this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, password);
		this.serverContext = SSLContext.getInstance("TLS");
		this.serverContext.init(keyManagers.getKeyManagers(), null, null);
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try {
			trustStore.load(null, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		trustStore.setCertificateEntry(ALIAS, this.certificate);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trustStore);
		this.trustManager = x509(trustManagers.getTrustManagers());
		this.clientContext = SSLContext.getInstance("TLS");
		this.clientContext.init(null, new TrustManager[] { this.trustManager }, null);
	}

	/**
	 * Return the self-signed material, generated with the JDK's {@code keytool} on first use and shared by
	 * the whole JVM.
	 * @return the TLS material
	 * @throws IllegalStateException if {@code keytool} fails
	 */
	public static ChaosTls selfSigned() {
		synchronized (INSTANCE_MONITOR) {
			if (instance == null) {
				instance = generate();
			}
			return instance;
		}
	}

	/**
	 * Return the SSL context a server presents the certificate with.
	 * @return the server context
	 */
	public SSLContext serverContext() {
		return this.serverContext;
	}

	/**
	 * Return an SSL context that trusts this certificate and nothing else.
	 * @return the client context
	 */
	public SSLContext clientContext() {
		return this.clientContext;
	}

	/**
	 * Return a socket factory from {@link #clientContext()}.
	 * @return the client socket factory
	 */
	public SSLSocketFactory clientSocketFactory() {
		return this.clientContext.getSocketFactory();
	}

	/**
	 * Return the trust manager behind {@link #clientContext()}, for clients configured with one.
	 * @return the trust manager
	 */
	public X509TrustManager trustManager() {
		return this.trustManager;
	}

	/**
	 * Return the self-signed certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	private static ChaosTls generate() {
		Path directory = null;
		try {
			directory = Files.createTempDirectory("chaos-tls");
			Path keyStoreFile = directory.resolve("chaos.p12");
			String password = HexFormat.of().formatHex(randomBytes());
			runKeytool(directory, keyStoreFile, password);
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			try (InputStream input = Files.newInputStream(keyStoreFile)) {
				keyStore.load(input, password.toCharArray());
			}
			return new ChaosTls(keyStore, password.toCharArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not generate a self-signed certificate with keytool", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not load the self-signed certificate", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running keytool", ex);
		}
		finally {
			deleteQuietly(directory);
		}
	}

	private static void runKeytool(Path directory, Path keyStoreFile, String password)
			throws IOException, InterruptedException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Path log = directory.resolve("keytool.log");
		ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg",
				"EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext",
				"SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "3650", "-storetype", "PKCS12", "-keystore",
				keyStoreFile.toString(), "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE,
				"-noprompt");
		builder.environment().put(PASSWORD_VARIABLE, password);
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		Process process = builder.start();
		if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
		}
		if (process.exitValue() != 0) {
			throw new IOException("keytool exited with " + process.exitValue() + ": "
					+ Files.readString(log, StandardCharsets.UTF_8).trim());
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static X509TrustManager x509(TrustManager[] trustManagers) {
		for (TrustManager trustManager : trustManagers) {
			if (trustManager instanceof X509TrustManager) {
				return (X509TrustManager) trustManager;
			}
		}
		throw new IllegalStateException("No X509TrustManager among " + List.of(trustManagers));
	}

	private static void deleteQuietly(@Nullable Path directory) {
		if (directory == null) {
			return;
		}
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			// A leftover file in the temporary directory is harmless.
		}
	}

}
