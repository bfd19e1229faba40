package dev.merchantry.platform.auth;

import dev.merchantry.platform.storage.Credential;

/**
 * Who is calling: the platform admin, or one shop's API key. Decides which shops a caller may reach.
 *
 * @param label human-readable name of the credential, recorded as the actor of changes
 */
public record Principal(Credential.Role role, String shopId, String label) {

    public static Principal admin(String label) {
        return new Principal(Credential.Role.ADMIN, null, label);
    }

    public boolean isAdmin() {
        return role == Credential.Role.ADMIN;
    }

    public boolean canAccessShop(String shop) {
        return isAdmin() || shop != null && shop.equals(shopId);
    }

    /** Recorded in change histories: "admin" or "shop:<id>" plus the key's label. */
    public String actor() {
        return isAdmin() ? "admin" + (label == null || label.isBlank() ? "" : " (" + label + ")") : "shop:" + shopId;
    }
}
