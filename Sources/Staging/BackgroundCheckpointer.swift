import Foundation
import GRDBSQLite

/// Copies a store's write-ahead log into its database file on a thread of its own, so a bulk
/// load's commit does not wait for the copy.
///
/// A load commits with `synchronous = FULL` (the log is on disk when the commit returns: the
/// load survives a power cut) and without the automatic checkpoint; it then calls `request()`.
/// The checkpoint is `PASSIVE`: it never blocks the store's readers or its writer, and copies
/// only what no reader still needs from the log (later checkpoints, automatic or requested,
/// copy the rest). Each checkpoint opens a connection of its own and closes it.
///
/// `@unchecked Sendable`: every mutable stored property is only read or written while
/// `condition` is locked (`path` and `databaseWriteBehind` are immutable).
final class BackgroundCheckpointer: @unchecked Sendable {
    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var running = false
    private var failure: String?

    /// Starts the write-out of the database file's pages during a checkpoint.
    private let databaseWriteBehind: WriteBehind

    /// A checkpointer of the database at `path` (a file in WAL mode).
    init(path: String) {
        self.path = path
        databaseWriteBehind = WriteBehind(path: path)
    }

    /// Asks for a checkpoint: starts one now, or after the one running.
    func request() {
        condition.lock()
        defer { condition.unlock() }
        requested = true
        guard !running else { return }
        running = true
        Thread.detachNewThread { [self] in run() }
    }

    /// Waits until no checkpoint is running or asked for; returns the last failure's message,
    /// if any (a failed checkpoint loses nothing: the log keeps the data, and the next one
    /// copies it).
    @discardableResult
    func wait() -> String? {
        condition.lock()
        defer { condition.unlock() }
        while running { condition.wait() }
        return failure
    }

    private func run() {
        condition.lock()
        while requested {
            requested = false
            condition.unlock()
            let message = checkpoint()
            condition.lock()
            failure = message
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// One passive checkpoint on a connection of its own; the failure's message, if any.
    private func checkpoint() -> String? {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        let opened = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK else {
            return "cannot open \(path) to checkpoint it: \(String(cString: sqlite3_errstr(opened)))"
        }
        // A connection sees the log only once it has read the database: until then a
        // checkpoint does nothing. The pages the checkpoint writes are sent to the disk as it
        // goes, not all at its closing fsync (`WriteBehind`).
        guard sqlite3_exec(connection, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) == SQLITE_OK,
            databaseWriteBehind.whileRunning({
                sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }) == SQLITE_OK
        else {
            return "checkpoint of \(path) failed: \(String(cString: sqlite3_errmsg(connection)))"
        }
        return nil
    }
}
