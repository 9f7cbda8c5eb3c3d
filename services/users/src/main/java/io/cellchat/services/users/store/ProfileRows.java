package io.cellchat.services.users.store;

import io.cellchat.domain.account.Profile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * What the SQL adapters of {@link AccountStore} share: the prefix pattern of a search and the reading of profile rows
 * ({@code id, username, display_name}). Both adapters keep a lower-cased copy of the display name
 * ({@code search_name}, lower-cased here in Java, the same in every database) and search with
 * {@code LIKE ? ESCAPE '\'}.
 */
public final class ProfileRows {

    private ProfileRows() {}

    /** The {@code LIKE} pattern of a case-insensitive prefix search: lower-cased, wildcards taken literally. */
    public static String prefixPattern(String prefix) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        return lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** The lower-cased display name a search compares with. */
    public static String searchName(String displayName) {
        return displayName.toLowerCase(Locale.ROOT);
    }

    /** Runs {@code select} and puts each row's profile into {@code into}, in row order if it keeps order. */
    public static void read(PreparedStatement select, Map<Long, Profile> into) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                into.put(rows.getLong(1), new Profile(rows.getLong(1), rows.getString(2), rows.getString(3)));
            }
        }
    }
}
