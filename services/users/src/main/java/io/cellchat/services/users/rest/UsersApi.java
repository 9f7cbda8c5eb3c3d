package io.cellchat.services.users.rest;

import static io.cellchat.services.users.rest.Rest.json;
import static io.cellchat.services.users.rest.Rest.parse;
import static io.cellchat.services.users.rest.Rest.profile;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Put;
import io.cellchat.contracts.v1.Audience;
import io.cellchat.contracts.v1.BlockedList;
import io.cellchat.contracts.v1.ContactList;
import io.cellchat.contracts.v1.ContactUpdate;
import io.cellchat.contracts.v1.ProfileUpdate;
import io.cellchat.contracts.v1.UserSearchResult;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.SearchPage;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.ContactState;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.services.users.social.SocialService;

/**
 * The directory and the caller's own decisions (bearer token): {@code GET /users} (search), {@code GET /users/{id}}
 * (a profile as the caller may see it), {@code PUT /me/profile}, {@code GET|PUT /me/privacy}, {@code GET /me/contacts},
 * {@code PUT|DELETE /me/contacts/{userId}}, {@code GET /me/blocked}, {@code PUT|DELETE /me/blocked/{userId}}.
 */
public final class UsersApi {

    private final Accounts accounts;
    private final SocialService social;
    private final BearerAuth auth;

    public UsersApi(Accounts accounts, SocialService social) {
        this.accounts = accounts;
        this.social = social;
        this.auth = new BearerAuth(accounts::authenticate);
    }

    @Get("/users")
    @Blocking
    public HttpResponse search(ServiceRequestContext ctx, @Param("query") @Default("") String query,
            @Param("cursor") @Default("") String cursor, @Param("limit") @Default("20") int limit) {
        Principal principal = auth.require(ctx);
        SearchPage page = accounts.search(principal.userId(), query, cursor, limit);
        UserSearchResult.Builder result = UserSearchResult.newBuilder().setNextCursor(page.next());
        page.users().forEach(p -> result.addUsers(profile(p)));
        return json(HttpStatus.OK, result.build());
    }

    @Get("/users/{id}")
    @Blocking
    public HttpResponse user(ServiceRequestContext ctx, @Param("id") long id) {
        Principal principal = auth.require(ctx);
        return json(HttpStatus.OK, profile(social.profile(principal.userId(), id)));
    }

    @Put("/me/profile")
    @Blocking
    public HttpResponse updateProfile(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        Principal principal = auth.require(ctx);
        ProfileUpdate body = parse(request, ProfileUpdate.newBuilder()).build();
        return json(HttpStatus.OK, profile(social.updateProfile(principal.userId(), body.getDisplayName(),
                body.getBio())));
    }

    @Get("/me/privacy")
    @Blocking
    public HttpResponse privacy(ServiceRequestContext ctx) {
        return json(HttpStatus.OK, toWire(social.privacy(auth.require(ctx).userId())));
    }

    @Put("/me/privacy")
    @Blocking
    public HttpResponse setPrivacy(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        Principal principal = auth.require(ctx);
        io.cellchat.contracts.v1.PrivacySettings body =
                parse(request, io.cellchat.contracts.v1.PrivacySettings.newBuilder()).build();
        PrivacySettings current = social.privacy(principal.userId());
        PrivacySettings next = new PrivacySettings(
                audience("messages", body.getMessages(), current.messages()),
                audience("lastSeen", body.getLastSeen(), current.lastSeen()),
                audience("profile", body.getProfile(), current.profile()));
        social.setPrivacy(principal.userId(), next);
        return json(HttpStatus.OK, toWire(next));
    }

    @Get("/me/contacts")
    @Blocking
    public HttpResponse contacts(ServiceRequestContext ctx) {
        ContactList.Builder list = ContactList.newBuilder();
        social.contacts(auth.require(ctx).userId()).forEach(link -> list.addContacts(contact(link.getKey(),
                link.getValue())));
        return json(HttpStatus.OK, list.build());
    }

    /** Invites the user, or accepts their invitation; answers with the link as the caller sees it now. */
    @Put("/me/contacts/{userId}")
    @Blocking
    public HttpResponse invite(ServiceRequestContext ctx, @Param("userId") long userId) {
        Principal principal = auth.require(ctx);
        ContactState state = social.invite(principal.userId(), userId);
        return json(HttpStatus.OK, contact(state, social.profile(principal.userId(), userId)));
    }

    /** Removes a contact, cancels an invitation sent, or declines one received. */
    @Delete("/me/contacts/{userId}")
    @Blocking
    public HttpResponse unlink(ServiceRequestContext ctx, @Param("userId") long userId) {
        social.unlink(auth.require(ctx).userId(), userId);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    private static ContactUpdate contact(ContactState state, Profile profile) {
        return ContactUpdate.newBuilder()
                .setUserId(profile.userId())
                .setState(io.cellchat.contracts.v1.ContactState.valueOf(state.name()))
                .setProfile(profile(profile))
                .build();
    }

    @Get("/me/blocked")
    @Blocking
    public HttpResponse blocked(ServiceRequestContext ctx) {
        BlockedList.Builder list = BlockedList.newBuilder();
        social.blocked(auth.require(ctx).userId()).forEach(p -> list.addUsers(profile(p)));
        return json(HttpStatus.OK, list.build());
    }

    @Put("/me/blocked/{userId}")
    @Blocking
    public HttpResponse block(ServiceRequestContext ctx, @Param("userId") long userId) {
        social.block(auth.require(ctx).userId(), userId);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    @Delete("/me/blocked/{userId}")
    @Blocking
    public HttpResponse unblock(ServiceRequestContext ctx, @Param("userId") long userId) {
        social.unblock(auth.require(ctx).userId(), userId);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    /** A field left out keeps its value; an unknown name (read as UNSPECIFIED by the strict parser) too. */
    private static io.cellchat.domain.social.Audience audience(String field, Audience wire,
            io.cellchat.domain.social.Audience current) {
        return switch (wire) {
            case AUDIENCE_UNSPECIFIED -> current;
            case EVERYONE -> io.cellchat.domain.social.Audience.EVERYONE;
            case CONTACTS -> io.cellchat.domain.social.Audience.CONTACTS;
            case NOBODY -> io.cellchat.domain.social.Audience.NOBODY;
            case UNRECOGNIZED -> throw new ChatException(ChatError.INVALID_ARGUMENT, field
                    + ": unknown value (expected: EVERYONE, CONTACTS or NOBODY)");
        };
    }

    private static io.cellchat.contracts.v1.PrivacySettings toWire(PrivacySettings settings) {
        return io.cellchat.contracts.v1.PrivacySettings.newBuilder()
                .setMessages(Audience.valueOf(settings.messages().name()))
                .setLastSeen(Audience.valueOf(settings.lastSeen().name()))
                .setProfile(Audience.valueOf(settings.profile().name()))
                .build();
    }
}
