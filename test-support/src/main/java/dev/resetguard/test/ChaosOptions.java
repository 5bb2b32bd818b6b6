package dev.resetguard.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses the variant of a {@link ChaosServer} that {@link ChaosServerExtension} injects into the
 * annotated parameter.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChaosOptions {

	/**
	 * Whether the server speaks TLS with {@link ChaosTls#selfSigned()}.
	 * @return whether to use TLS
	 */
	boolean tls() default false;

	/**
	 * Whether the server is a raw TCP echo server instead of HTTP.
	 * @return whether to use raw mode
	 */
	boolean raw() default false;

	/**
	 * Whether the server listens on {@code ::1} instead of {@code 127.0.0.1}.
	 * @return whether to use IPv6
	 */
	boolean ipv6() default false;

}
