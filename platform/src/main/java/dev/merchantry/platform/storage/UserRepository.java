package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Console accounts with their shops, and their sessions. */
public interface UserRepository {

    /** Stores a user with its shops in one transaction; {@link DuplicateKeyException} if the email is taken. */
    void create(User user);

    Optional<User> find(String email);

    /** Every user, by email. */
    List<User> list();

    /** Deletes the user, its shop assignments and its sessions; false if there was no such user. */
    boolean delete(String email);

    void addSession(Session session);

    /** The session and its (current) user, if the session exists and has not expired at {@code now}. */
    Optional<SessionUser> findSession(String tokenHash, Instant now);

    void deleteSession(String tokenHash);

    /** Removes sessions that expired before {@code now}; returns how many. */
    int deleteExpiredSessions(Instant now);

    /** A live session with the user it belongs to. */
    record SessionUser(Session session, User user) {
    }
}
