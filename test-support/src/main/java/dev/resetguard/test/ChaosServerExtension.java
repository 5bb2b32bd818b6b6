package dev.resetguard.test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that injects a started {@link ChaosServer} into test and lifecycle method
 * parameters, one per test and variant ({@link ChaosOptions}), closed when the test ends.
 */
public final class ChaosServerExtension implements ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(ChaosServerExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ChaosServer.class;
	}

	@Override
	public ChaosServer resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Variant variant = parameterContext.findAnnotation(ChaosOptions.class)
			.map((options) -> new Variant(options.tls(), options.raw(), options.ipv6()))
			.orElse(Variant.DEFAULT);
		// The store closes the AutoCloseable server when the test's context ends, whatever the outcome.
		return extensionContext.getStore(NAMESPACE).computeIfAbsent(variant, Variant::start, ChaosServer.class);
	}

	private record Variant(boolean tls, boolean raw, boolean ipv6) {

		static final Variant DEFAULT = new Variant(false, false, false);

		ChaosServer start() {
			ChaosServer.Builder builder = ChaosServer.builder();
			if (this.tls) {
				builder.tls(ChaosTls.selfSigned());
			}
			if (this.raw) {
				builder.raw();
			}
			if (this.ipv6) {
				builder.bindAddress(ipv6Loopback());
			}
			return builder.start();
		}

		private static InetAddress ipv6Loopback() {
			try {
				return InetAddress.getByAddress(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 });
			}
			catch (UnknownHostException ex) {
				throw new ParameterResolutionException("Could not build the ::1 address", ex);
			}
		}

	}

}
