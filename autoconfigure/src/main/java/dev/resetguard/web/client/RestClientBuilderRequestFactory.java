package dev.resetguard.web.client;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.client.RestClient;

/**
 * Reads the request factory a {@link RestClient.Builder} will build its clients with, so that it can be
 * wrapped. The builder takes a factory but gives none back, so Spring's own builder is read through the
 * private method it calls itself when it builds: that returns the factory it was given, or the one Spring
 * picks for a builder given none. A builder that cannot be read that way (another implementation, or a
 * runtime that denies the access) has no readable factory, and its clients get Reset Guard's interceptor
 * instead.
 */
final class RestClientBuilderRequestFactory {

	private static final String BUILDER_CLASS = "org.springframework.web.client.DefaultRestClientBuilder";

	private static final @Nullable Method INIT_REQUEST_FACTORY = findInitRequestFactory();

	private RestClientBuilderRequestFactory() {
	}

	/**
	 * Return the request factory the builder's clients would be built with.
	 * @param builder the builder
	 * @return the factory, {@code null} if it cannot be read
	 */
	static @Nullable ClientHttpRequestFactory of(RestClient.Builder builder) {
		@Nullable Method initRequestFactory = INIT_REQUEST_FACTORY;
		if (initRequestFactory == null || !initRequestFactory.getDeclaringClass().isInstance(builder)) {
			return null;
		}
		try {
			return (ClientHttpRequestFactory) initRequestFactory.invoke(builder);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Method findInitRequestFactory() {
		try {
			Class<?> builderClass = ClassUtils.forName(BUILDER_CLASS, RestClient.class.getClassLoader());
			Method method = builderClass.getDeclaredMethod("initRequestFactory");
			if (!ClientHttpRequestFactory.class.isAssignableFrom(method.getReturnType())) {
				return null;
			}
			ReflectionUtils.makeAccessible(method);
			return method;
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			return null;
		}
	}

}
