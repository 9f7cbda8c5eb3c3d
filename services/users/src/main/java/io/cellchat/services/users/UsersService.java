package io.cellchat.services.users;

import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.domain.account.Accounts;
import io.cellchat.platform.server.RestErrors;
import io.cellchat.services.users.rest.AuthApi;
import io.cellchat.services.users.rest.UsersApi;
import io.cellchat.services.users.social.SocialService;

/**
 * The composition root of the users service's REST routes under {@code /api/v1}: authentication ({@link AuthApi})
 * and the directory with the caller's blocks and privacy settings ({@link UsersApi}).
 */
public final class UsersService {

    private final Accounts accounts;
    private final SocialService social;

    public UsersService(Accounts accounts, SocialService social) {
        this.accounts = accounts;
        this.social = social;
    }

    public Accounts accounts() {
        return accounts;
    }

    public void addRoutes(ServerBuilder server) {
        AuthApi auth = new AuthApi(accounts);
        for (Object api : new Object[] {auth.new Public(), auth.new Authenticated(), new UsersApi(accounts, social)}) {
            server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors()).build(api);
        }
    }
}
