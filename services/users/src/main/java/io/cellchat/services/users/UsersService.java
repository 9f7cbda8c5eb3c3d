package io.cellchat.services.users;

import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.domain.account.Accounts;
import io.cellchat.platform.server.RestErrors;
import io.cellchat.services.users.rest.AccountsApi;

/** The composition root of the users service: {@link Accounts} and its REST routes under {@code /api/v1}. */
public final class UsersService {

    private final Accounts accounts;

    public UsersService(Accounts accounts) {
        this.accounts = accounts;
    }

    public Accounts accounts() {
        return accounts;
    }

    public void addRoutes(ServerBuilder server) {
        AccountsApi api = new AccountsApi(accounts);
        server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors()).build(api.new Public());
        server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors())
                .build(api.new Authenticated());
    }
}
