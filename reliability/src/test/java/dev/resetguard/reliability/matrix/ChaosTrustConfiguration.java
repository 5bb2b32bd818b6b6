package dev.resetguard.reliability.matrix;

import javax.net.ssl.SSLSocketFactory;

import dev.resetguard.socket.ResetGuardSslSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.test.ChaosTls;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces the auto-configured {@code resetGuardSslSocketFactory}, which trusts the JDK's default trust
 * store only, with the same decorator over a factory that trusts the chaos server's self-signed
 * certificate, wired to the auto-configured {@link SocketInstrumentation}: what a user with a private CA
 * does. The JDK caches its default socket factory, so swapping the default {@code SSLContext} instead
 * would depend on test order.
 */
@Configuration(proxyBeanMethods = false)
class ChaosTrustConfiguration {

	/** The TLS material every TLS chaos server of the matrix serves. */
	static final ChaosTls TLS = ChaosTls.selfSigned();

	@Bean
	SSLSocketFactory resetGuardSslSocketFactory(SocketInstrumentation resetGuardSocketInstrumentation) {
		return new ResetGuardSslSocketFactory(TLS.clientSocketFactory(), resetGuardSocketInstrumentation);
	}

}
