package dev.resetguard.autoconfigure;

import dev.resetguard.socket.SocketInstrumentation;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Makes the application's {@link SocketInstrumentation} the shared one while the context lives, so
 * socket factories that libraries create by class name ({@code dev.resetguard.socket.ResetGuardSocketFactory})
 * use the application's settings, meters and events.
 */
final class SharedSocketInstrumentation implements InitializingBean, DisposableBean {

	private final SocketInstrumentation instrumentation;

	/**
	 * Create an installer for the given instrumentation.
	 * @param instrumentation the application's instrumentation
	 */
	SharedSocketInstrumentation(SocketInstrumentation instrumentation) {
		this.instrumentation = instrumentation;
	}

	@Override
	public void afterPropertiesSet() {
		SocketInstrumentation.install(this.instrumentation);
	}

	@Override
	public void destroy() {
		SocketInstrumentation.uninstall(this.instrumentation);
	}

}
