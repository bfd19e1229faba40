package dev.merchantry.platform.auth;

import dev.merchantry.platform.storage.Credential;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling: the platform admin (token or admin user), one shop's API key, or a merchant's console session.
 * Decides which shops a caller may reach and, for API keys, what it may do there ({@link #allows}).
 *
 * @param shopId the API key's shop; null for admins and users
 * @param label  human-readable name of the credential, recorded as the actor of changes
 * @param shops  the shops a non-admin may reach (the key's shop, or the user's assigned shops)
 * @param email  the console user, or null for tokens and API keys
 * @param scopes the API key's scopes; empty for everyone else (who is not scoped)
 * @param keyId  the API key's public id, or null
 */
public record Principal(Credential.Role role, String shopId, String label, Set<String> shops, String email,
                        Set<Credential.Scope> scopes, String keyId) {

    public Principal {
        shops = shops == null ? Set.of() : Set.copyOf(shops);
        scopes = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    public Principal(Credential.Role role, String shopId, String label, Set<String> shops, String email) {
        this(role, shopId, label, shops, email, role == Credential.Role.SHOP ? Set.of(Credential.Scope.MANAGE)
                : Set.of(), null);
    }

    /** A token principal: the admin token, or a shop API key with full power. */
    public Principal(Credential.Role role, String shopId, String label) {
        this(role, shopId, label, shopId == null ? Set.of() : Set.of(shopId), null);
    }

    /** The principal of a stored credential: the admin token, or a shop key with its scopes. */
    public static Principal of(Credential c) {
        return new Principal(c.role(), c.shopId(), c.label(), c.shopId() == null ? Set.of() : Set.of(c.shopId()), null,
                c.scopes(), c.role() == Credential.Role.SHOP ? c.id() : null);
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

    /** Whether this is a shop API key (the only scoped kind of caller). */
    public boolean isApiKey() {
        return role == Credential.Role.SHOP;
    }

    public boolean canAccessShop(String shop) {
        return isAdmin() || shop != null && shops.contains(shop);
    }

    /** Whether the caller may do what {@code needed} allows: API keys by their scopes, everyone else always. */
    public boolean allows(Credential.Scope needed) {
        return !isApiKey() || scopes.stream().anyMatch(s -> s.includes(needed));
    }

    /** Reading answers and notifications: every caller but a key without scopes. */
    public boolean mayRead() {
        return allows(Credential.Scope.READ);
    }

    /** Sending events. */
    public boolean mayIngest() {
        return allows(Credential.Scope.INGEST);
    }

    /** Changing settings and deciding prices. */
    public boolean mayManage() {
        return allows(Credential.Scope.MANAGE);
    }

    /** The scopes of an API key by their wire names ("read", "ingest", "manage"), for messages; empty otherwise. */
    public java.util.List<String> scopeNames() {
        return scopes.stream().sorted().map(Credential.Scope::wireName).toList();
    }

    /** Recorded in change histories: "user:<email>", "admin" plus the token's label, or "shop:<id>". */
    public String actor() {
        if (email != null) {
            return "user:" + email;
        }
        return isAdmin() ? "admin" + (label == null || label.isBlank() ? "" : " (" + label + ")") : "shop:" + shopId;
    }
}
