package dev.resetguard.reliability.matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The expectation table of the fault matrix, one row per cell, derived from the design: phases and causes
 * from its definitions, decisions from the retry rules (idempotent requests are retried; a POST under
 * {@code safe-only} only when it surely never reached the peer), outcomes from the call contract. A row's
 * last column explains a cell that differs from the design, naming the client behaviour or the finding.
 */
final class FaultMatrixExpectations {

	// client | method | fault | phase | cause | decision | outcome | server saw | deviation
	private static final String TABLE = """
			REST_CLIENT_HTTP_COMPONENTS | GET | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried | recovered | 1 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			REST_CLIENT_HTTP_COMPONENTS | POST | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried or not-retryable | recovered or not-retryable | 1 or 0 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			REST_CLIENT_HTTP_COMPONENTS | GET | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | retried | recovered | 2 |
			REST_CLIENT_HTTP_COMPONENTS | POST | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | not-retryable | not-retryable | 1 |
			REST_CLIENT_HTTP_COMPONENTS | GET | SILENCE_THEN_RESET | awaiting-response | middlebox | retried | recovered | 2 |
			REST_CLIENT_HTTP_COMPONENTS | POST | SILENCE_THEN_RESET | awaiting-response | middlebox | not-retryable | not-retryable | 1 |
			REST_CLIENT_HTTP_COMPONENTS | GET | RESET_DURING_UPLOAD | awaiting-response | request-rejected | retried | recovered | 2 | a GET has no body: the server resets after the head, as in the previous column
			REST_CLIENT_HTTP_COMPONENTS | POST | RESET_DURING_UPLOAD | sending-request | request-rejected | not-retryable | not-retryable | 1 |
			REST_CLIENT_HTTP_COMPONENTS | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_HTTP_COMPONENTS | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_HTTP_COMPONENTS | GET | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 |
			REST_CLIENT_HTTP_COMPONENTS | POST | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 | safe-only retries the POST: not a request byte was accepted by the reset socket
			REST_CLIENT_HTTP_COMPONENTS | GET | IDLE_TIMEOUT_FIN | awaiting-response | stale-connection | retried | recovered | 1 |
			REST_CLIENT_HTTP_COMPONENTS | POST | IDLE_TIMEOUT_FIN | awaiting-response | stale-connection | not-retryable | not-retryable | 0 | the request went out into a connection the server had closed (FIN): the facts cannot prove it unread, so safe-only does not retry
			REST_CLIENT_HTTP_COMPONENTS | GET | RESTART | awaiting-response | request-rejected | retried | recovered | 2+2+2 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md), and the refused retry rides the restart out
			REST_CLIENT_HTTP_COMPONENTS | POST | RESTART | awaiting-response | request-rejected | not-retryable | not-retryable | 1+1+1 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md); a POST that may have been read is not retried
			REST_CLIENT_JDK | GET | RESET_ON_ACCEPT | — or unknown | — or unknown | — or retried | success or recovered | 1 | the JDK client reconnects by itself after a reset on connect
			REST_CLIENT_JDK | POST | RESET_ON_ACCEPT | — or unknown | — or unknown | — or not-retryable | success or not-retryable | 1 or 0 | the JDK client reconnects by itself after a reset on connect; when the RST comes later the POST is not-retryable (hidden facts)
			REST_CLIENT_JDK | GET | RESET_AFTER_REQUEST_HEAD | — | — | — | success | 2 | the client resends the GET by itself, so Reset Guard never sees the reset
			REST_CLIENT_JDK | POST | RESET_AFTER_REQUEST_HEAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JDK | GET | SILENCE_THEN_RESET | — | — | — | success | 2 | the client resends the GET by itself, so Reset Guard never sees the reset
			REST_CLIENT_JDK | POST | SILENCE_THEN_RESET | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; middlebox cannot be told
			REST_CLIENT_JDK | GET | RESET_DURING_UPLOAD | — | — | — | success | 2 | the client resends the GET by itself, so Reset Guard never sees the reset
			REST_CLIENT_JDK | POST | RESET_DURING_UPLOAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JDK | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_JDK | GET | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JDK | GET | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JDK | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_JDK | POST | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JDK | POST | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JDK | GET | RESTART | — | — | — | failed | 1+1+1 | the client's own immediate resend meets the refused port: the calls fail with a refused connect, which is no reset, so Reset Guard counts them failed and cannot ride through
			REST_CLIENT_JDK | POST | RESTART | unknown | unknown | not-retryable | not-retryable | 1+1+1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_REACTOR | GET | RESET_ON_ACCEPT | — or unknown | — or unknown | — or retried | success or recovered | 1 | Reactor Netty retries a reset before the request was sent by itself (Reset Guard switches that off for WebClient only)
			REST_CLIENT_REACTOR | POST | RESET_ON_ACCEPT | — or unknown | — or unknown | — or not-retryable | success or not-retryable | 1 or 0 | Reactor Netty retries by itself only when it knows the request was not sent; otherwise hidden facts make the POST not-retryable though the server never read it
			REST_CLIENT_REACTOR | GET | RESET_AFTER_REQUEST_HEAD | unknown | unknown | retried | recovered | 2 | the client hides its connections: phase and cause unknown
			REST_CLIENT_REACTOR | POST | RESET_AFTER_REQUEST_HEAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_REACTOR | GET | SILENCE_THEN_RESET | unknown | unknown | retried | recovered | 2 | the client hides its connections: phase and cause unknown; middlebox cannot be told
			REST_CLIENT_REACTOR | POST | SILENCE_THEN_RESET | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; middlebox cannot be told
			REST_CLIENT_REACTOR | GET | RESET_DURING_UPLOAD | unknown | unknown | retried | recovered | 2 | the client hides its connections: phase and cause unknown
			REST_CLIENT_REACTOR | POST | RESET_DURING_UPLOAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_REACTOR | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_REACTOR | GET | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_REACTOR | GET | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_REACTOR | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_REACTOR | POST | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_REACTOR | POST | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_REACTOR | GET | RESTART | unknown | unknown | retried | recovered | 2+2+2 | the client hides its connections: phase and cause unknown; no peer-restart without connection facts, a plain retry after the downtime saves the calls
			REST_CLIENT_REACTOR | POST | RESTART | unknown | unknown | not-retryable | not-retryable | 1+1+1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JETTY | GET | RESET_ON_ACCEPT | unknown or — | unknown or — | retried or — | recovered or success | 1 | race: when Jetty reads the RST before it writes the request it opens a new connection by itself and the call succeeds unreset (4 and 7 of 50 GETs in two runs here); else the client hides its connections: phase and cause unknown
			REST_CLIENT_JETTY | POST | RESET_ON_ACCEPT | unknown or — | unknown or — | not-retryable or — | not-retryable or success or failed | 0 or 1 | race: when Jetty reads the RST before it writes the request it opens a new connection by itself and the call succeeds unreset (2 of 50 POSTs in each of two runs here); else the client hides its connections and the POST is not retried though the server never read it; once in a full run (2026-12-07) the POST failed with an exception not recognised as a reset and no request reached the server, counted failed
			REST_CLIENT_JETTY | GET | RESET_AFTER_REQUEST_HEAD | unknown | unknown | retried | recovered | 2 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JETTY | POST | RESET_AFTER_REQUEST_HEAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JETTY | GET | SILENCE_THEN_RESET | unknown | unknown | retried | recovered | 2 | the client hides its connections: phase and cause unknown; middlebox cannot be told
			REST_CLIENT_JETTY | POST | SILENCE_THEN_RESET | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; middlebox cannot be told
			REST_CLIENT_JETTY | GET | RESET_DURING_UPLOAD | unknown | unknown | retried | recovered | 2 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JETTY | POST | RESET_DURING_UPLOAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_JETTY | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_JETTY | GET | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JETTY | GET | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JETTY | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_JETTY | POST | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JETTY | POST | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_JETTY | GET | RESTART | unknown | unknown | retried | recovered | 2+2+2 | the client hides its connections: phase and cause unknown; no peer-restart without connection facts, a plain retry after the downtime saves the calls
			REST_CLIENT_JETTY | POST | RESTART | unknown | unknown | not-retryable | not-retryable | 1+1+1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_SIMPLE | GET | RESET_ON_ACCEPT | — or unknown | — or unknown | — or retried | success or recovered | 1 | HttpURLConnection reconnects by itself after a reset on connect
			REST_CLIENT_SIMPLE | POST | RESET_ON_ACCEPT | — or unknown | — or unknown | — or not-retryable | success or not-retryable | 1 or 0 | HttpURLConnection reconnects by itself after a reset on connect; when the RST comes later the POST is not-retryable (hidden facts)
			REST_CLIENT_SIMPLE | GET | RESET_AFTER_REQUEST_HEAD | — | — | — | success | 2 | the client resends the GET by itself, so Reset Guard never sees the reset
			REST_CLIENT_SIMPLE | POST | RESET_AFTER_REQUEST_HEAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_SIMPLE | GET | SILENCE_THEN_RESET | — | — | — | success | 2 | the client resends the GET by itself, so Reset Guard never sees the reset
			REST_CLIENT_SIMPLE | POST | SILENCE_THEN_RESET | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; middlebox cannot be told
			REST_CLIENT_SIMPLE | GET | RESET_DURING_UPLOAD | — | — | — | success | 2 | the client resends the GET by itself, so Reset Guard never sees the reset
			REST_CLIENT_SIMPLE | POST | RESET_DURING_UPLOAD | unknown | unknown | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown
			REST_CLIENT_SIMPLE | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_SIMPLE | GET | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_SIMPLE | GET | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_SIMPLE | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | the client hides its connections: phase and cause unknown; a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_CLIENT_SIMPLE | POST | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_SIMPLE | POST | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the client notices the idle close and opens a new connection: no reset
			REST_CLIENT_SIMPLE | GET | RESTART | — | — | — | failed | 1+1+1 | the client's own immediate resend meets the refused port: the calls fail with a refused connect, which is no reset, so Reset Guard counts them failed and cannot ride through
			REST_CLIENT_SIMPLE | POST | RESTART | unknown | unknown | not-retryable | not-retryable | 1+1+1 | the client hides its connections: phase and cause unknown
			REST_TEMPLATE | GET | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried | recovered | 1 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			REST_TEMPLATE | POST | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried or not-retryable | recovered or not-retryable | 1 or 0 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			REST_TEMPLATE | GET | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | retried | recovered | 2 |
			REST_TEMPLATE | POST | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | not-retryable | not-retryable | 1 |
			REST_TEMPLATE | GET | SILENCE_THEN_RESET | awaiting-response | middlebox | retried | recovered | 2 |
			REST_TEMPLATE | POST | SILENCE_THEN_RESET | awaiting-response | middlebox | not-retryable | not-retryable | 1 |
			REST_TEMPLATE | GET | RESET_DURING_UPLOAD | awaiting-response | request-rejected | retried | recovered | 2 | a GET has no body: the server resets after the head, as in the previous column
			REST_TEMPLATE | POST | RESET_DURING_UPLOAD | sending-request | request-rejected | not-retryable | not-retryable | 1 |
			REST_TEMPLATE | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_TEMPLATE | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			REST_TEMPLATE | GET | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 |
			REST_TEMPLATE | POST | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 | safe-only retries the POST: not a request byte was accepted by the reset socket
			REST_TEMPLATE | GET | IDLE_TIMEOUT_FIN | awaiting-response | stale-connection | retried | recovered | 1 |
			REST_TEMPLATE | POST | IDLE_TIMEOUT_FIN | awaiting-response | stale-connection | not-retryable | not-retryable | 0 | the request went out into a connection the server had closed (FIN): the facts cannot prove it unread, so safe-only does not retry
			REST_TEMPLATE | GET | RESTART | awaiting-response | request-rejected | retried | recovered | 2+2+2 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md), and the refused retry rides the restart out
			REST_TEMPLATE | POST | RESTART | awaiting-response | request-rejected | not-retryable | not-retryable | 1+1+1 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md); a POST that may have been read is not retried
			WEB_CLIENT_EPOLL | GET | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried | recovered | 1 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			WEB_CLIENT_EPOLL | POST | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried or not-retryable | recovered or not-retryable | 1 or 0 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			WEB_CLIENT_EPOLL | GET | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | retried | recovered | 2 |
			WEB_CLIENT_EPOLL | POST | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | not-retryable | not-retryable | 1 |
			WEB_CLIENT_EPOLL | GET | SILENCE_THEN_RESET | awaiting-response | middlebox | retried | recovered | 2 |
			WEB_CLIENT_EPOLL | POST | SILENCE_THEN_RESET | awaiting-response | middlebox | not-retryable | not-retryable | 1 |
			WEB_CLIENT_EPOLL | GET | RESET_DURING_UPLOAD | awaiting-response | request-rejected | retried | recovered | 2 | a GET has no body: the server resets after the head, as in the previous column
			WEB_CLIENT_EPOLL | POST | RESET_DURING_UPLOAD | sending-request or awaiting-response | request-rejected | not-retryable | not-retryable | 1 | race: the event loop may see the RST on its read before its write fails
			WEB_CLIENT_EPOLL | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			WEB_CLIENT_EPOLL | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			WEB_CLIENT_EPOLL | GET | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_EPOLL | POST | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_EPOLL | GET | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_EPOLL | POST | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_EPOLL | GET | RESTART | awaiting-response | request-rejected | retried | recovered | 2+2+2 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md), and the refused retry rides the restart out
			WEB_CLIENT_EPOLL | POST | RESTART | awaiting-response | request-rejected | not-retryable | not-retryable | 1+1+1 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md); a POST that may have been read is not retried
			WEB_CLIENT_NIO | GET | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried | recovered | 1 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			WEB_CLIENT_NIO | POST | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | retried or not-retryable | recovered or not-retryable | 1 or 0 | race: the RST can beat the connect or come after the request was written; a POST is retried only in the first case
			WEB_CLIENT_NIO | GET | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | retried | recovered | 2 |
			WEB_CLIENT_NIO | POST | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | not-retryable | not-retryable | 1 |
			WEB_CLIENT_NIO | GET | SILENCE_THEN_RESET | awaiting-response | middlebox | retried | recovered | 2 |
			WEB_CLIENT_NIO | POST | SILENCE_THEN_RESET | awaiting-response | middlebox | not-retryable | not-retryable | 1 |
			WEB_CLIENT_NIO | GET | RESET_DURING_UPLOAD | awaiting-response | request-rejected | retried | recovered | 2 | a GET has no body: the server resets after the head, as in the previous column
			WEB_CLIENT_NIO | POST | RESET_DURING_UPLOAD | sending-request or awaiting-response | request-rejected | not-retryable | not-retryable | 1 | race: the event loop may see the RST on its read before its write fails
			WEB_CLIENT_NIO | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			WEB_CLIENT_NIO | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 | a reset met after the response was handed to the caller can no longer be retried: its event says so, as the call's outcome does
			WEB_CLIENT_NIO | GET | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_NIO | POST | IDLE_TIMEOUT_RST | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_NIO | GET | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_NIO | POST | IDLE_TIMEOUT_FIN | — | — | — | success | 1 | the event loop sees the idle close and retires the connection before use: no reset
			WEB_CLIENT_NIO | GET | RESTART | awaiting-response | request-rejected | retried | recovered | 2+2+2 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md), and the refused retry rides the restart out
			WEB_CLIENT_NIO | POST | RESTART | awaiting-response | request-rejected | not-retryable | not-retryable | 1+1+1 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md); a POST that may have been read is not retried
			SOCKET_FACTORY | GET | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | — or retried | success or recovered | 1 | race: the RST can fail the connect, which the socket factory's budgeted connect retry repeats by itself (no call-level decision), or come after the request was written
			SOCKET_FACTORY | POST | RESET_ON_ACCEPT | connect or sending-request or awaiting-response | connect-rejected or request-rejected | — or retried or not-retryable | success or recovered or not-retryable | 1 or 0 | race: the RST can fail the connect, which the socket factory's budgeted connect retry repeats by itself (no call-level decision), or come after the request was written; a POST is retried only when it was surely not sent
			SOCKET_FACTORY | GET | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | retried | recovered | 2 |
			SOCKET_FACTORY | POST | RESET_AFTER_REQUEST_HEAD | awaiting-response or sending-request | request-rejected | not-retryable | not-retryable | 1 | race: the hand-written client sends head and body in two writes, and when the server's RST beats the body write the reset is seen while sending; the cause and the decision are the same
			SOCKET_FACTORY | GET | SILENCE_THEN_RESET | awaiting-response | middlebox | retried | recovered | 2 |
			SOCKET_FACTORY | POST | SILENCE_THEN_RESET | awaiting-response | middlebox | not-retryable | not-retryable | 1 |
			SOCKET_FACTORY | GET | RESET_DURING_UPLOAD | awaiting-response | request-rejected | retried | recovered | 2 | a GET has no body: the server resets after the head, as in the previous column
			SOCKET_FACTORY | POST | RESET_DURING_UPLOAD | sending-request | request-rejected | not-retryable | not-retryable | 1 |
			SOCKET_FACTORY | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | retried | recovered | 2 | the action reads the whole response, so an idempotent call is retried: nothing reached the caller
			SOCKET_FACTORY | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 |
			SOCKET_FACTORY | GET | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 |
			SOCKET_FACTORY | POST | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 | safe-only retries the POST: not a request byte was accepted by the reset socket
			SOCKET_FACTORY | GET | IDLE_TIMEOUT_FIN | awaiting-response | stale-connection | retried | recovered | 1 |
			SOCKET_FACTORY | POST | IDLE_TIMEOUT_FIN | sending-request | stale-connection | not-retryable | not-retryable | 0 | the head went out into the closed connection before the body write failed: it may have been read, so safe-only does not retry
			SOCKET_FACTORY | GET | RESTART | awaiting-response | request-rejected | retried | recovered | 2+2+2 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md), and the refused retry rides the restart out
			SOCKET_FACTORY | POST | RESTART | awaiting-response | request-rejected | not-retryable | not-retryable | 1+1+1 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md); a POST that may have been read is not retried
			SSL_SOCKET_FACTORY | GET | RESET_ON_ACCEPT | connect or tls-handshake | connect-rejected | — or retried | success or recovered | 1 | race: the RST can fail the connect itself, which the socket factory's budgeted connect retry repeats by itself (no call-level decision), or the TLS handshake, which the call retries as never sent
			SSL_SOCKET_FACTORY | POST | RESET_ON_ACCEPT | connect or tls-handshake | connect-rejected | — or retried | success or recovered | 1 | race: the RST can fail the connect itself, which the socket factory's budgeted connect retry repeats by itself (no call-level decision), or the TLS handshake, which the call retries as never sent
			SSL_SOCKET_FACTORY | GET | RESET_AFTER_REQUEST_HEAD | awaiting-response | request-rejected | retried | recovered | 2 |
			SSL_SOCKET_FACTORY | POST | RESET_AFTER_REQUEST_HEAD | awaiting-response or sending-request | request-rejected | not-retryable | not-retryable | 1 | race: the hand-written client sends head and body in two writes, and when the server's RST beats the body write the reset is seen while sending; the cause and the decision are the same
			SSL_SOCKET_FACTORY | GET | SILENCE_THEN_RESET | awaiting-response | middlebox | retried | recovered | 2 |
			SSL_SOCKET_FACTORY | POST | SILENCE_THEN_RESET | awaiting-response | middlebox | not-retryable | not-retryable | 1 |
			SSL_SOCKET_FACTORY | GET | RESET_DURING_UPLOAD | awaiting-response | request-rejected | retried | recovered | 2 | a GET has no body: the server resets after the head, as in the previous column
			SSL_SOCKET_FACTORY | POST | RESET_DURING_UPLOAD | sending-request | request-rejected | not-retryable | not-retryable | 1 |
			SSL_SOCKET_FACTORY | GET | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | retried | recovered | 2 | the action reads the whole response, so an idempotent call is retried: nothing reached the caller
			SSL_SOCKET_FACTORY | POST | RESET_AFTER_RESPONSE_BYTES | receiving-response | response-aborted | not-retryable | not-retryable | 1 |
			SSL_SOCKET_FACTORY | GET | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 |
			SSL_SOCKET_FACTORY | POST | IDLE_TIMEOUT_RST | sending-request | stale-connection | retried | recovered | 1 | safe-only retries the POST: not a request byte was accepted by the reset socket
			SSL_SOCKET_FACTORY | GET | IDLE_TIMEOUT_FIN | awaiting-response | stale-connection | retried | recovered | 1 |
			SSL_SOCKET_FACTORY | POST | IDLE_TIMEOUT_FIN | sending-request | stale-connection | not-retryable | not-retryable | 0 | the head went out into the closed connection before the body write failed: it may have been read, so safe-only does not retry
			SSL_SOCKET_FACTORY | GET | RESTART | awaiting-response | request-rejected | retried | recovered | 2+2+2 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md), and the refused retry rides the restart out
			SSL_SOCKET_FACTORY | POST | RESTART | awaiting-response | request-rejected | not-retryable | not-retryable | 1+1+1 | restart: three fresh connections, each accepted before the crash, are reset with their requests out; an accepted connection proves the listener alive, so each reads request-rejected (a known gap of issue 13, docs/design/diagnosis-accuracy.md); a POST that may have been read is not retried
			""";

	private FaultMatrixExpectations() {
	}

	/**
	 * Return every expectation, by {@link FaultMatrixReport#key cell key}.
	 * @return the expectations
	 */
	static Map<String, CellExpectation> load() {
		Map<String, CellExpectation> expectations = new LinkedHashMap<>();
		for (String line : TABLE.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			String[] columns = line.split("\\|", -1);
			if (columns.length != 9) {
				throw new IllegalStateException("Not a row of 9 columns: " + line);
			}
			MatrixClient client = MatrixClient.valueOf(columns[0].trim());
			String method = columns[1].trim();
			Fault fault = Fault.valueOf(columns[2].trim());
			String deviation = columns[8].trim();
			CellExpectation expectation = new CellExpectation(client, method, fault, columns[3].trim(),
					columns[4].trim(), columns[5].trim(), columns[6].trim(), columns[7].trim(),
					deviation.isEmpty() ? null : deviation);
			if (expectations.put(FaultMatrixReport.key(client, method, fault), expectation) != null) {
				throw new IllegalStateException("Two rows for one cell: " + line);
			}
		}
		return expectations;
	}

}
