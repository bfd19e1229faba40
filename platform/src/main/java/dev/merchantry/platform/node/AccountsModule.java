package dev.merchantry.platform.node;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.ApiKeys;
import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.LoginThrottle;
import dev.merchantry.platform.auth.PasswordHasher;
import dev.merchantry.platform.http.KeyResource;
import dev.merchantry.platform.http.SessionResource;
import dev.merchantry.platform.http.UserResource;

import java.time.Duration;

/** Who may call: console users and sessions, API keys, the login throttle, and the purge of what expired. */
public final class AccountsModule implements NodeModule {

    private final NodeCore core;
    private final Accounts accounts;
    private final Authenticator authenticator;
    private final ApiKeys apiKeys;

    public AccountsModule(NodeCore core) {
        this.core = core;
        this.accounts = new Accounts(core.database().users(), core.database().shops(), new PasswordHasher(),
                new LoginThrottle(core.database().loginAttempts()), core.clock(), core.registry());
        this.authenticator = new Authenticator(core.vertx(), core.database().credentials(), accounts);
        this.apiKeys = new ApiKeys(core.vertx(), core.database().credentials(), authenticator);
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> {
            new KeyResource(apiKeys).register(routes);
            new SessionResource(core.vertx(), accounts, authenticator).register(routes);
            new UserResource(core.vertx(), accounts, authenticator).register(routes);
        });
        // Expired sessions are useless, and so are the login attempt counts of past windows (a flood of made-up
        // emails adds rows): dropped regularly so the tables stay small.
        wiring.every(Duration.ofHours(1), "purging expired sessions", accounts::purgeExpiredSessions);
        wiring.every(Duration.ofMinutes(5), "purging past login attempts", accounts::purgeLoginAttempts);
    }

    public Accounts accounts() {
        return accounts;
    }

    public Authenticator authenticator() {
        return authenticator;
    }
}
