package io.cellchat.services.users;

import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.domain.account.Accounts;
import io.cellchat.platform.server.RestErrors;
import io.cellchat.services.users.avatar.AvatarImages;
import io.cellchat.services.users.avatar.AvatarService;
import io.cellchat.services.users.rest.AuthApi;
import io.cellchat.services.users.rest.AvatarApi;
import io.cellchat.services.users.rest.UsersApi;
import io.cellchat.services.users.social.SocialService;

/**
 * The composition root of the users service's REST routes under {@code /api/v1}: authentication ({@link AuthApi}),
 * the directory with the caller's blocks and privacy settings ({@link UsersApi}), and avatars ({@link AvatarApi},
 * bound with the larger body limit of an image upload).
 */
public final class UsersService {

    private final Accounts accounts;
    private final SocialService social;
    private final AvatarService avatars;

    public UsersService(Accounts accounts, SocialService social, AvatarService avatars) {
        this.accounts = accounts;
        this.social = social;
        this.avatars = avatars;
    }

    public Accounts accounts() {
        return accounts;
    }

    public void addRoutes(ServerBuilder server) {
        AuthApi auth = new AuthApi(accounts);
        for (Object api : new Object[] {auth.new Public(), auth.new Authenticated(), new UsersApi(accounts, social)}) {
            server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors()).build(api);
        }
        server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors())
                .maxRequestLength(AvatarImages.MAX_BYTES).build(new AvatarApi(accounts, avatars));
    }
}
