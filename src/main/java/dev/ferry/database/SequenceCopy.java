package dev.ferry.database;

import dev.ferry.step.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Sets each sequence of the target to the source's state (last_value and is_called), as a snapshot compares them. */
final class SequenceCopy {
    private SequenceCopy() {
    }

    static int copy(Connection source, Connection target) throws SQLException {
        int copied = 0;
        try (Statement read = source.createStatement();
             PreparedStatement set = target.prepareStatement("select setval(?::regclass, ?, ?)")) {
            for (TableName sequence : Catalog.sequences(source)) {
                try (ResultSet rs = read.executeQuery("select last_value, is_called from " + sequence.sql())) {
                    rs.next();
                    set.setString(1, sequence.sql());
                    set.setLong(2, rs.getLong(1));
                    set.setBoolean(3, rs.getBoolean(2));
                }
                set.execute();
                copied++;
            }
        }
        return copied;
    }
}
