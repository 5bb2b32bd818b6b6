package dev.resetguard.reliability.hardening;

import java.lang.management.ManagementFactory;
import java.net.SocketException;
import java.util.List;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.jayway.jsonpath.JsonPath;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code resets} endpoint's security defaults in a real servlet application on a free port, as
 * the endpoint reference ({@code docs/reference/endpoint.md}) and DESIGN.md's endpoint contract state
 * them: not reachable over HTTP unless {@code management.endpoints.web.exposure.include} names it;
 * once exposed, GET shows the resets and DELETE clears them, unless
 * {@code management.endpoint.resets.access=read-only} allows GET only; and not registered over JMX by
 * default. {@code ResetsEndpointHttpTests} covers the same default on a reactive application and the
 * JSON's content.
 */
class ResetsEndpointExposureTests {

	@Test
	void notReachableOverHttpByDefault() throws Exception {
		try (RunningApplication app = RunningApplication.startWeb()) {
			recordAReset(app);
			assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(app.get("/actuator/resets").statusCode()).isEqualTo(404);
			assertThat(app.delete("/actuator/resets").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void notReachableWhenOnlyOtherEndpointsAreExposed() throws Exception {
		try (RunningApplication app = RunningApplication.startWeb("management.endpoints.web.exposure.include=health,info")) {
			recordAReset(app);
			assertThat(app.get("/actuator/resets").statusCode()).isEqualTo(404);
			assertThat(app.delete("/actuator/resets").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void exposedEndpointShowsResetsAndDeleteClearsThem() throws Exception {
		try (RunningApplication app = RunningApplication.startWeb("management.endpoints.web.exposure.include=resets")) {
			recordAReset(app);
			assertThat(app.get("/actuator/resets").statusCode()).isEqualTo(200);
			assertThat(events(app)).hasSize(1);
			assertThat(app.delete("/actuator/resets").statusCode()).isEqualTo(204);
			assertThat(events(app)).isEmpty();
		}
	}

	@Test
	void readOnlyAccessRefusesDelete() throws Exception {
		try (RunningApplication app = RunningApplication.startWeb("management.endpoints.web.exposure.include=resets",
				"management.endpoint.resets.access=read-only")) {
			recordAReset(app);
			assertThat(app.get("/actuator/resets").statusCode()).isEqualTo(200);
			assertThat(app.delete("/actuator/resets").statusCode()).isIn(404, 405);
			assertThat(events(app)).hasSize(1);
		}
	}

	@Test
	void notRegisteredOverJmxByDefaultEvenWithJmxOn() throws Exception {
		try (RunningApplication app = RunningApplication.start("spring.jmx.enabled=true",
				"spring.jmx.default-domain=hardening-default")) {
			assertThat(app.context().isActive()).isTrue();
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			Set<ObjectName> endpoints = server.queryNames(new ObjectName("hardening-default:type=Endpoint,*"), null);
			assertThat(endpoints).as("JMX endpoints").isNotEmpty();
			assertThat(server.queryNames(new ObjectName("hardening-default:type=Endpoint,name=Resets"), null)).isEmpty();
		}
	}

	@Test
	void registeredOverJmxWhenExposed() throws Exception {
		try (RunningApplication app = RunningApplication.start("spring.jmx.enabled=true",
				"spring.jmx.default-domain=hardening-exposed", "management.endpoints.jmx.exposure.include=resets")) {
			assertThat(app.context().isActive()).isTrue();
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			assertThat(server.queryNames(new ObjectName("hardening-exposed:type=Endpoint,name=Resets"), null))
				.hasSize(1);
		}
	}

	private static void recordAReset(RunningApplication app) {
		assertThat(app.bean(ResetRecorder.class)
			.callFailed(ClientKind.PROGRAMMATIC, "orders.internal:443", ResetPhase.UNKNOWN,
					new SocketException("Connection reset"), 1, false))
			.isNotNull();
	}

	private static List<Object> events(RunningApplication app) throws Exception {
		return JsonPath.parse(app.get("/actuator/resets").body()).read("$.events");
	}

}
