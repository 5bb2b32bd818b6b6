package dev.resetguard.classify;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a throwable is a TCP connection reset, whatever the client library, wrapper
 * exception, operating system or JDK. Thread-safe and allocation-free for throwables that are not resets.
 *
 * <p>The classifier walks the cause chain of the throwable and, only if that shows no reset, the
 * suppressed exceptions of every exception in it (recursively), bounding the depth so that cycles end.
 * Only {@link IOException I/O exceptions} are judged; every other exception, such as a client's wrapper
 * that quotes the request URL, is looked through. An I/O exception shows a reset:
 * <ol>
 * <li>by its type, for types that only ever mean a premature close (Reactor Netty's
 * {@code PrematureCloseException}, Apache HttpClient's {@code NoHttpResponseException} and
 * {@code TruncatedChunkException}, Jetty's {@code EofException});</li>
 * <li>else by its errno, where a native transport reports one ({@code expectedErr()} of Netty's
 * {@code NativeIoException}, or {@code error(-N)} in a Netty message): an errno decides alone, so a
 * localized message does not matter and a refused connection is never taken for a reset;</li>
 * <li>else by its message, in the wording of each JDK, library and operating system.</li>
 * </ol>
 * When several exceptions of a chain show a reset, the innermost one is reported with its signal, so
 * a premature close caused by an RST is an {@link ResetSignal#RST RST}.
 */
public final class ResetClassifier {

	private static final int MAX_CAUSE_DEPTH = 64;

	private static final int MAX_SUPPRESSED_NESTING = 4;

	private static final int MAX_SUPPRESSED_VISITS = 256;

	private static final ResetClassifier STANDARD = new ResetClassifier();

	/**
	 * Return the shared classifier.
	 * @return a classifier that recognizes every reset form known to Reset Guard
	 */
	public static ResetClassifier standard() {
		return STANDARD;
	}

	/**
	 * Classify a throwable by walking its whole cause chain and its suppressed exceptions.
	 * @param throwable the throwable to classify
	 * @return the classification, {@link ResetClassification#NOT_A_RESET} when it is not a reset
	 */
	public ResetClassification classify(@Nullable Throwable throwable) {
		if (throwable == null) {
			return ResetClassification.NOT_A_RESET;
		}
		ResetClassification classification = classifyCauseChain(throwable, null);
		if (classification == null) {
			classification = classifySuppressed(throwable, 1, null);
		}
		return (classification != null) ? classification : ResetClassification.NOT_A_RESET;
	}

	/**
	 * Return whether a throwable is a reset.
	 * @param throwable the throwable to test
	 * @return {@code true} if it is a reset
	 */
	public boolean isReset(@Nullable Throwable throwable) {
		return classify(throwable).isReset();
	}

	// Recursion reaches the innermost cause first, so the message of an outer exception is read only when
	// no exception inside it shows a reset: a JDK client's "header parser received no bytes" wrapper is not
	// scanned when its cause is the RST. The depth bound also ends a cause chain that loops.
	private static @Nullable ResetClassification classifyCauseChain(Throwable throwable,
			@Nullable VisitBudget budget) {
		return innermostReset(throwable, 0, budget);
	}

	private static @Nullable ResetClassification innermostReset(@Nullable Throwable throwable, int depth,
			@Nullable VisitBudget budget) {
		if (throwable == null || depth == MAX_CAUSE_DEPTH || (budget != null && !budget.visit())) {
			return null;
		}
		ResetClassification inner = innermostReset(throwable.getCause(), depth + 1, budget);
		if (inner != null) {
			return inner;
		}
		ResetSignal signal = signalOf(throwable);
		return (signal != null) ? ResetClassification.reset(signal, throwable) : null;
	}

	private static @Nullable ResetClassification classifySuppressed(Throwable throwable, int nesting,
			@Nullable VisitBudget budget) {
		Throwable current = throwable;
		Throwable marker = throwable;
		int stepsSinceMarker = 0;
		int stepsToNextMarker = 1;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			// getSuppressed() copies the array, except when there is none, which is why it comes last
			for (Throwable suppressed : current.getSuppressed()) {
				if (budget == null) {
					budget = new VisitBudget();
				}
				ResetClassification classification = classifyCauseChain(suppressed, budget);
				if (classification == null && nesting < MAX_SUPPRESSED_NESTING) {
					classification = classifySuppressed(suppressed, nesting + 1, budget);
				}
				if (classification != null) {
					return classification;
				}
				if (budget.isExhausted()) {
					return null;
				}
			}
			current = current.getCause();
			if (current == marker) {
				break;
			}
			if (++stepsSinceMarker == stepsToNextMarker) {
				marker = current;
				stepsToNextMarker <<= 1;
				stepsSinceMarker = 0;
			}
		}
		return null;
	}

	private static @Nullable ResetSignal signalOf(Throwable throwable) {
		if (!(throwable instanceof IOException)) {
			return null;
		}
		ExceptionType type = ExceptionType.of(throwable.getClass());
		if (type.signal() != null) {
			return type.signal();
		}
		if (type.hasErrno()) {
			return Errno.signalOf(type.errno(throwable));
		}
		// getMessage() may be overridden to build a string; the JDK's and the clients' I/O exceptions do not
		String message = throwable.getMessage();
		if (message == null) {
			return null;
		}
		int errno = Errno.parse(message);
		return (errno != Errno.UNKNOWN) ? Errno.signalOf(errno) : ResetMessages.signalOf(message);
	}

	/**
	 * Bounds the work spent on suppressed exceptions, which may nest and refer to each other.
	 */
	private static final class VisitBudget {

		private int remaining = MAX_SUPPRESSED_VISITS;

		boolean visit() {
			return this.remaining-- > 0;
		}

		boolean isExhausted() {
			return this.remaining <= 0;
		}

	}

}
