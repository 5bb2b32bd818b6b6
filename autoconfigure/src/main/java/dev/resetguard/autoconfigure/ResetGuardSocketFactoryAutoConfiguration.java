package dev.resetguard.autoconfigure;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.retry.PeerRetrySettings;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.socket.BudgetedConnectRetry;
import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.ResetGuardSslSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.socket.SocketSettings;
import dev.resetguard.tracing.ResetObservations;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Reset Guard's decorated socket factories,
 * {@code resetGuardSocketFactory} and {@code resetGuardSslSocketFactory}, for libraries that take a
 * {@link SocketFactory} (JDBC drivers, mail, LDAP, Redis clients). Switched off by
 * {@code reset-guard.clients.socket-factory.enabled=false}.
 */
@AutoConfiguration(after = ResetGuardCoreAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "reset-guard.clients.socket-factory.enabled", matchIfMissing = true)
public final class ResetGuardSocketFactoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketInstrumentation resetGuardSocketInstrumentation(ResetGuardProperties properties,
			ResetRecorder resetGuardRecorder, PeerRetrySettings resetGuardPeerRetrySettings,
			RetryBudgets resetGuardRetryBudgets, ResetGuardMetrics resetGuardMetrics,
			ObjectProvider<ConnectionListener> connectionListeners,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		ResetGuardProperties.Socket socket = properties.getSocket();
		SocketSettings settings = new SocketSettings(socket.isKeepAlive(), socket.getKeepAliveIdle(),
				socket.getKeepAliveInterval(), socket.getConnectTimeout(), socket.getReadTimeout());
		BudgetedConnectRetry connectRetry = new BudgetedConnectRetry(resetGuardPeerRetrySettings,
				resetGuardRetryBudgets,
				(peer) -> resetGuardMetrics.recordRetry(ClientKind.SOCKET, peer, ResetCause.CONNECT_REJECTED));
		SocketInstrumentation.Builder builder = SocketInstrumentation.builder()
			.settings(settings)
			.recorder(resetGuardRecorder)
			.listener(ConnectionListener.of(connectionListeners.orderedStream().toList()))
			.connectRetry(connectRetry);
		ResetObservations observations = ResetGuardCoreAutoConfiguration.observations(properties, observationRegistry);
		if (observations != null) {
			builder.observations(observations);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	SharedSocketInstrumentation resetGuardSharedSocketInstrumentation(
			SocketInstrumentation resetGuardSocketInstrumentation) {
		return new SharedSocketInstrumentation(resetGuardSocketInstrumentation);
	}

	@Bean
	@ConditionalOnMissingBean(name = "resetGuardSocketFactory")
	SocketFactory resetGuardSocketFactory(SocketInstrumentation resetGuardSocketInstrumentation) {
		return new ResetGuardSocketFactory(resetGuardSocketInstrumentation);
	}

	@Bean
	@ConditionalOnMissingBean(name = "resetGuardSslSocketFactory")
	SSLSocketFactory resetGuardSslSocketFactory(SocketInstrumentation resetGuardSocketInstrumentation) {
		return new ResetGuardSslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault(),
				resetGuardSocketInstrumentation);
	}

}
