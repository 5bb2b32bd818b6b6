package com.example.smoke.jdbc;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Queries the database while the context starts, as a cache warmer or a schema check would, so the pool
 * opens its connection then; it remembers which server process served it.
 */
@Component
public class StartupCheck {

	private final int backendPid;

	public StartupCheck(JdbcTemplate jdbc) {
		this.backendPid = BackendPid.of(jdbc);
	}

	public int backendPid() {
		return this.backendPid;
	}

}
