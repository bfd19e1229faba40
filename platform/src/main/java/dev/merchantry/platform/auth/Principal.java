package dev.merchantry.platform.auth;

import dev.merchantry.platform.storage.Credential;

import java.util.Set;

/**
 * Who is calling: the platform admin (token or admin user), one shop's API key, or a merchant's console session.
 * Decides which shops a caller may reach.
 *
 * @param shopId the API key's shop; null for admins and users
 * @param label  human-readable name of the credential, recorded as the actor of changes
 * @param shops  the shops a non-admin may reach (the key's shop, or the user's assigned shops)
 * @param email  the console user, or null for tokens and API keys
 */
public record Principal(Credential.Role role, String shopId, String label, Set<String> shops, String email) {

    public Principal {
        shops = shops == null ? Set.of() : Set.copyOf(shops);
    }

    /** A token principal: the admin token, or a shop API key. */
    public Principal(Credential.Role role, String shopId, String label) {
        this(role, shopId, label, shopId == null ? Set.of() : Set.of(shopId), null);
    }

    public static Principal admin(String label) {
        return new Principal(Credential.Role.ADMIN, null, label);
    }

    /** A console session of {@code email}: an admin user reaches everything, a merchant only {@code shops}. */
    public static Principal user(String email, boolean admin, Set<String> shops) {
        return new Principal(admin ? Credential.Role.ADMIN : Credential.Role.USER, null, email, shops, email);
    }

    public boolean isAdmin() {
        return role == Credential.Role.ADMIN;
    }

    /** Whether this is a console session (rather than a token or API key). */
    public boolean isUser() {
        return email != null;
    }

    public boolean canAccessShop(String shop) {
        return isAdmin() || shop != null && shops.contains(shop);
    }

    /** Recorded in change histories: "user:<email>", "admin" plus the token's label, or "shop:<id>". */
    public String actor() {
        if (email != null) {
            return "user:" + email;
        }
        return isAdmin() ? "admin" + (label == null || label.isBlank() ? "" : " (" + label + ")") : "shop:" + shopId;
    }
}
