package com.example.smoke.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL server process behind a pooled connection.
 */
public final class BackendPid {

	private BackendPid() {
	}

	public static int of(JdbcTemplate jdbc) {
		Integer pid = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
		if (pid == null) {
			throw new IllegalStateException("PostgreSQL returned no backend pid");
		}
		return pid;
	}

	public static int of(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

}
