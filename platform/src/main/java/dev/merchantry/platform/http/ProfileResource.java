package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.profiles.ProfileService;
import io.vertx.core.http.HttpMethod;

/**
 * Customer profiles and segments: {@code GET /api/v1/shops/{shop}/customers/{id}/profile} and
 * {@code GET /api/v1/shops/{shop}/segments}, served from the profiles materialized after the last profiler training.
 */
public final class ProfileResource {

    private final ProfileService profiles;

    public ProfileResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/customers/:customer/profile", Access.SHOP,
                "A customer's profile: RFM scores and group, segment, lifetime value, churn risk").tag("profiles")
                        .response(ProfileService.PROFILE),
                ctx -> profiles.profile(ctx.pathParam("shop"), ctx.pathParam("customer")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/segments", Access.SHOP,
                "The shop's segments (size, plain-words description, averages) and RFM group sizes").tag("profiles")
                        .response(ProfileService.SEGMENTS),
                ctx -> profiles.segments(ctx.pathParam("shop")).map(Reply::ok));
    }
}
