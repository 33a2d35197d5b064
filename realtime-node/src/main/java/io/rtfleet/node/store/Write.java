package io.rtfleet.node.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One statement to commit. Consecutive writes with the same SQL text are sent as one JDBC batch, so
 * a write is a SQL text plus the parameters it binds.
 */
public interface Write {
  String sql();

  void bind(PreparedStatement statement) throws SQLException;
}
