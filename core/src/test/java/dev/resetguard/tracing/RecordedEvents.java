package dev.resetguard.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the events of every observation, which the test observation registry does not keep.
 */
public final class RecordedEvents implements ObservationHandler<Observation.Context> {

	private final List<Recorded> events = new CopyOnWriteArrayList<>();

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		this.events.add(new Recorded(context.getName(), event.getName(), event.getContextualName()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	/**
	 * Return the events recorded on observations of the given name.
	 * @param observation the observation name
	 * @return the contextual names of its events, in order
	 */
	public List<String> of(String observation) {
		return this.events.stream().filter((recorded) -> recorded.observation().equals(observation))
			.map(Recorded::text)
			.toList();
	}

	/**
	 * Return every event recorded.
	 * @return the events, in order
	 */
	public List<Recorded> all() {
		return List.copyOf(this.events);
	}

	/**
	 * An event of an observation.
	 * @param observation the observation's name
	 * @param name the event's name
	 * @param text the event's contextual name
	 */
	public record Recorded(String observation, String name, String text) {

	}

}
