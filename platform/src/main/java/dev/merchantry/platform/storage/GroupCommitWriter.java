package dev.merchantry.platform.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one write connection of an embedded (SQLite) database, owned by one thread that commits concurrent write
 * transactions together: it takes every transaction waiting in its queue, runs each inside its own savepoint (a
 * failing one is rolled back alone), then commits the group with one fsync. Every caller returns only after the
 * commit that contains its transaction, so an acknowledgement always means "on disk".
 *
 * <p>SQLite allows one writer at a time; funnelling writes through one connection avoids lock contention
 * ({@code SQLITE_BUSY}) between pooled connections and turns N concurrent batches into one fsync instead of N.
 */
final class GroupCommitWriter implements WriteChannel {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Upper bound of transactions per commit, so one group never holds the others' answers for long. */
    static final int MAX_GROUP = 256;

    private record Task<T>(String what, Jdbc.InTransaction<T> work, CompletableFuture<T> result) {
    }

    private final Connection connection;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile String lastError;
    private volatile long commits;
    private volatile long transactions;

    GroupCommitWriter(Connection connection, String name) {
        this.connection = connection;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public <T> T write(String what, Jdbc.InTransaction<T> work) {
        if (Thread.currentThread() == thread) {
            // A repository called from inside another write transaction: it is already part of that transaction.
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw Jdbc.translate(what, e);
            }
        }
        if (closed) {
            throw new StorageException(what + " failed: the database is closed", null);
        }
        Task<T> task = new Task<>(what, work, new CompletableFuture<>());
        queue.add(task);
        try {
            return task.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(what + " interrupted; it may or may not have been committed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof SQLException s) {
                throw Jdbc.translate(what, s);
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new StorageException(what + " failed: " + cause, cause);
        }
    }

    /** The reason the last commit failed, or null if the last commit succeeded. */
    @Override
    public String lastError() {
        return lastError;
    }

    long commits() {
        return commits;
    }

    long transactions() {
        return transactions;
    }

    private void run() {
        List<Task<?>> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commitGroup(group);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Throwable t) {
                // Never let the writer thread die: fail what it holds and go on with the next group.
                LOG.error("database writer failed", t);
                lastError = String.valueOf(t);
                for (Task<?> task : group) {
                    task.result.completeExceptionally(t);
                }
                safeRollback();
            } finally {
                group.clear();
            }
        }
    }

    private void commitGroup(List<Task<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        List<Task<?>> succeeded = new ArrayList<>(group.size());
        for (Task<?> task : group) {
            try {
                execute("SAVEPOINT tx");
                Object result = task.work.run(connection);
                execute("RELEASE tx");
                succeeded.add(task);
                results.add(result);
            } catch (Throwable t) {
                Object fallback = rollBackTask(task, t);
                if (fallback == ABORT_GROUP) {
                    // The transaction itself is gone (SQLite rolls back everything on some I/O errors): nothing of
                    // this group is committed, so fail every member and let callers retry.
                    safeRollback();
                    for (Task<?> other : group) {
                        other.result.completeExceptionally(t);
                    }
                    lastError = String.valueOf(t.getMessage());
                    return;
                }
                if (fallback != NO_RESULT) {
                    succeeded.add(task);
                    results.add(fallback);
                }
            }
        }
        try {
            connection.commit();
            lastError = null;
            commits++;
            transactions += group.size();
        } catch (SQLException e) {
            lastError = "commit failed: " + e.getMessage();
            LOG.error("database commit of {} transactions failed", group.size(), e);
            safeRollback();
            for (Task<?> task : succeeded) {
                task.result.completeExceptionally(e);
            }
            return;
        }
        for (int i = 0; i < succeeded.size(); i++) {
            complete(succeeded.get(i), results.get(i));
        }
    }

    private static final Object ABORT_GROUP = new Object();
    private static final Object NO_RESULT = new Object();

    /**
     * Undoes one task's changes. A {@link Jdbc.Rollback} is the task asking for it with a result to return; any
     * other failure fails the task. Returns the result to deliver after the commit, NO_RESULT, or ABORT_GROUP.
     */
    private Object rollBackTask(Task<?> task, Throwable failure) {
        try {
            execute("ROLLBACK TO tx");
            execute("RELEASE tx");
        } catch (SQLException e) {
            return ABORT_GROUP;
        }
        if (failure instanceof Jdbc.Rollback r) {
            return r.result();
        }
        task.result.completeExceptionally(failure instanceof SQLException s ? Jdbc.translate(task.what, s) : failure);
        return NO_RESULT;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result) {
        task.result.complete((T) result);
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void safeRollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Task<?> task; (task = queue.poll()) != null; ) {
            task.result.completeExceptionally(new StorageException(task.what + " failed: the database is closed", null));
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the database writer: {}", e.getMessage());
        }
    }
}
