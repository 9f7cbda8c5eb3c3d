package io.cellchat.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a user search.
 *
 * @param next the cursor of the next page, empty when there is none
 */
public record SearchPage(List<Profile> users, String next) {

    public SearchPage {
        users = List.copyOf(users);
        requireNonNull(next, "next");
    }
}
