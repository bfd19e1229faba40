package dev.merchantry.platform.auth;

import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.DuplicateKeyException;
import dev.merchantry.platform.storage.Session;
import dev.merchantry.platform.storage.ShopRepository;
import dev.merchantry.platform.storage.User;
import dev.merchantry.platform.storage.UserRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Console accounts: creates and deletes users (validating email, password and shops), logs them in with a rate
 * limit, and resolves session tokens. Blocking (password hashing and JDBC): callers run logins on the
 * {@link LoginPool} and the rest on worker threads.
 */
public final class Accounts {

    /** How long a session lasts after login. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** Prefix of session tokens, telling them apart from admin tokens and API keys. */
    public static final String SESSION_PREFIX = "mrc_";
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 200;
    /** Micrometer name of the login password-check counter ({@code merchantry_login_password_checks_total}). */
    public static final String PASSWORD_CHECKS = "merchantry.login.password.checks";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A successful login: the token exists in clear only here. */
    public record Login(String token, Instant expiresAt, User user) {
    }

    /** Thrown when a login is refused by the rate limit; {@link #retryAfter()} tells when to try again. */
    public static final class TooManyAttempts extends ServiceException {

        TooManyAttempts(Duration retryAfter) {
            this(retryAfter, "too many failed logins; try again in " + seconds(retryAfter) + " s");
        }

        TooManyAttempts(Duration retryAfter, String message) {
            super(Kind.TOO_MANY, message, List.of(), retryAfter);
        }
    }

    private final UserRepository users;
    private final ShopRepository shops;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Counter passwordChecks;
    private final LoginTelemetry telemetry;

    public Accounts(UserRepository users, ShopRepository shops, PasswordHasher hasher, LoginThrottle throttle, Clock clock) {
        this(users, shops, hasher, throttle, clock, new SimpleMeterRegistry());
    }

    /**
     * With {@code registry}: counts password checks of logins as {@value #PASSWORD_CHECKS}, and logins by outcome
     * ({@link LoginTelemetry}).
     */
    public Accounts(UserRepository users, ShopRepository shops, PasswordHasher hasher, LoginThrottle throttle, Clock clock,
                    MeterRegistry registry) {
        this.users = users;
        this.shops = shops;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.passwordChecks = Counter.builder(PASSWORD_CHECKS)
                .description("Passwords checked (PBKDF2) for logins; attempts refused by the rate limit check none")
                .register(registry);
        this.telemetry = new LoginTelemetry(registry);
    }

    /** Creates a user; every problem with the input is reported at once, a taken email is a 409. */
    public User create(String email, String password, List<String> shopIds, boolean admin) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        String normalized = email == null ? "" : normalize(email);
        if (normalized.isEmpty()) {
            errors.add(new ServiceException.FieldError("email", "is required"));
        } else if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            errors.add(new ServiceException.FieldError("email", "'" + email + "' is not an email address"));
        }
        if (password == null || password.isEmpty()) {
            errors.add(new ServiceException.FieldError("password", "is required"));
        } else if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            errors.add(new ServiceException.FieldError("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters long"));
        }
        Set<String> unique = new LinkedHashSet<>(shopIds == null ? List.of() : shopIds);
        for (String shop : unique) {
            if (shop == null || shops.find(shop).isEmpty()) {
                errors.add(new ServiceException.FieldError("shops", "unknown shop '" + shop + "'"));
            }
        }
        if (unique.isEmpty() && !admin) {
            errors.add(new ServiceException.FieldError("shops", "a merchant needs at least one shop (or set admin)"));
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors.size() == 1 ? errors.get(0).key() + ": " + errors.get(0).message()
                    : errors.size() + " invalid fields", errors);
        }
        User user = new User(normalized, hasher.hash(password), admin, List.copyOf(unique), clock.instant());
        try {
            users.create(user);
        } catch (DuplicateKeyException e) {
            throw ServiceException.conflict("a user with email '" + normalized + "' already exists");
        }
        return user;
    }

    /** Creates the user unless the email exists; returns whether it was created. */
    public boolean createIfAbsent(String email, String password, List<String> shopIds, boolean admin) {
        if (users.find(normalize(email)).isPresent()) {
            return false;
        }
        create(email, password, shopIds, admin);
        return true;
    }

    public List<User> list() {
        return users.list();
    }

    public Optional<User> find(String email) {
        return users.find(normalize(email));
    }

    /** Deletes the user and ends its sessions; 404 if unknown. */
    public void delete(String email) {
        if (!users.delete(normalize(email))) {
            throw ServiceException.notFound("unknown user '" + email + "'");
        }
    }

    /**
     * Checks the password and opens a session. Wrong email and wrong password get the same answer (401) in the
     * same time. The attempt is counted before the password is checked; past the limits (per account, per address)
     * the answer is 429 without any check until the window ends.
     */
    public Login login(String email, String password, String address) {
        String normalized = email == null ? "" : normalize(email);
        LoginThrottle.Result counted = throttle.acquire(normalized, address, clock.millis());
        telemetry.counted(normalized, address, counted.retryAfter(), counted.allowed());
        if (!counted.allowed()) {
            throw new TooManyAttempts(counted.retryAfter());
        }
        Optional<User> user = normalized.isEmpty() ? Optional.empty() : users.find(normalized);
        passwordChecks.increment();
        boolean ok = hasher.verify(user.map(User::passwordHash).orElse(null), password == null ? "" : password);
        telemetry.checked(normalized, address, user.isPresent(), ok);
        if (!ok) {
            throw ServiceException.unauthenticated("wrong email or password");
        }
        throttle.succeeded(counted.attempt());
        String token = Tokens.generate(SESSION_PREFIX);
        Instant created = clock.instant();
        Instant expires = created.plus(SESSION_LIFETIME);
        users.addSession(new Session(Tokens.hash(token), normalized, created, expires));
        telemetry.succeeded(normalized, address, user.get());
        return new Login(token, expires, user.get());
    }

    /** The live session of a token hash and its user's current rights. */
    public Optional<UserRepository.SessionUser> session(String tokenHash) {
        return users.findSession(tokenHash, clock.instant());
    }

    /** Records a login this node refused before any check because its login pool was full ({@link LoginPool}). */
    public void refusedBusy(String email, String address) {
        telemetry.busy(email, address, LoginPool.RETRY_AFTER);
    }

    public void logout(String tokenHash) {
        users.deleteSession(tokenHash);
    }

    public int purgeExpiredSessions() {
        return users.deleteExpiredSessions(clock.instant());
    }

    /** Forgets login attempts of past windows; returns how many counts were deleted. */
    public int purgeLoginAttempts() {
        return throttle.purge(clock.millis());
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
