package io.cellchat.services.users.store;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.social.Audience;
import io.cellchat.domain.social.PrivacySettings;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the SQL adapters of the users service's stores (SQLite and PostgreSQL) share, because their tables hold the
 * same facts under the same names: the profile columns of {@code users u} and how a row of them becomes a
 * {@link Profile}, the three privacy columns, and how a search key is taken literally in a {@code LIKE ... ESCAPE '\'}.
 */
public final class ProfileRows {

    /** The columns {@link #profile} reads, in order, from {@code users} aliased {@code u}. */
    public static final String COLUMNS = "u.id, u.username, u.display_name, u.bio, u.avatar_version";

    private ProfileRows() {}

    /**
     * The profile in the row's first five columns ({@link #COLUMNS}); a negative avatar version (no avatar now, see
     * the schemas) reads as 0.
     */
    public static Profile profile(ResultSet row) throws SQLException {
        return new Profile(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                Math.max(0, row.getLong(5)));
    }

    /** The settings in three columns from {@code first}: {@code messages_from, last_seen_to, profile_to}. */
    public static PrivacySettings settings(ResultSet row, int first) throws SQLException {
        return new PrivacySettings(Audience.valueOf(row.getString(first)), Audience.valueOf(row.getString(first + 1)),
                Audience.valueOf(row.getString(first + 2)));
    }

    /** {@code key} with the {@code LIKE} wildcards and the escape character escaped by a backslash. */
    public static String likeLiteral(String key) {
        return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
