import Foundation
import GRDB
import ResourceCatalog

/// The checkpoint journal of one run: a SQLite file recording every unit of work before and
/// after each remote call, so a killed run resumes without redoing or duplicating anything.
///
/// Every method commits before it returns: once `markRequested` returns, a crash cannot lose
/// the remote id. Never call it inside another database's transaction across an HTTP await.
package struct RunJournal: Sendable {
    let database: DatabaseQueue
    /// The journal file.
    package let path: String
    /// When this process opened the journal: sends recorded before it were made by a process
    /// that may have died before their answer (see `settleInDoubtSend`).
    package let openedAt: Date
    /// How long a send whose answer was lost may still take to land on the server.
    package let inDoubtGrace: Duration
    /// Waits out what is left of the grace (`Task.sleep`; a test seam: tests make the late
    /// send land during the wait instead of racing a wall-clock grace).
    package var waitInDoubt: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    /// The count of commits, kept beside the journal.
    let seal: JournalSeal

    /// Opens (creating when missing, with mode 0600) the journal at `path`.
    package init(path: String, inDoubtGrace: Duration = .seconds(10)) throws(JournalError) {
        self.path = path
        self.openedAt = Date()
        self.inDoubtGrace = inDoubtGrace
        self.seal = JournalSeal(journalPath: path)
        do {
            try SecureFile.create(atPath: path)
            var configuration = Configuration()
            configuration.journalMode = .wal
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch let error as JournalError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id TEXT PRIMARY KEY, key TEXT NOT NULL, plan_path TEXT NOT NULL,
                        source TEXT NOT NULL, target TEXT NOT NULL, state TEXT NOT NULL,
                        created_at DOUBLE NOT NULL, finished_at DOUBLE);
                    CREATE TABLE unit (
                        id TEXT PRIMARY KEY, kind TEXT NOT NULL, type TEXT NOT NULL,
                        state TEXT NOT NULL, remote_id TEXT, reference TEXT,
                        detail TEXT NOT NULL DEFAULT 'null', error TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0, started_at DOUBLE, finished_at DOUBLE,
                        position INTEGER NOT NULL);
                    CREATE INDEX unit_kind_type ON unit(kind, type);
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL,
                        state TEXT NOT NULL, at DOUBLE NOT NULL, note TEXT);
                    """)
        }
        migrator.registerMigration("v2-sending-at") { db in
            try db.execute(sql: "ALTER TABLE unit ADD COLUMN sending_at DOUBLE")
        }
        migrator.registerMigration("v3-run-outcome") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN plan_fingerprint TEXT;
                    ALTER TABLE run ADD COLUMN target_live INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN error TEXT;
                    """)
        }
        migrator.registerMigration("v4-commit-count") { db in
            try db.execute(
                sql: """
                    CREATE TABLE commit_count (commits INTEGER NOT NULL);
                    INSERT INTO commit_count VALUES (0);
                    """)
        }
        migrator.registerMigration("v5-before-images") { db in
            try db.execute(
                sql: """
                    CREATE TABLE before_image (
                        type TEXT NOT NULL, identity TEXT NOT NULL, action TEXT NOT NULL, target_id TEXT,
                        fields TEXT, PRIMARY KEY (type, identity))
                    """)
        }
        return migrator
    }

    // MARK: Run

    /// Records the run, unless the journal already holds one (a resumed run keeps its record).
    /// - Returns: the run as recorded.
    @discardableResult
    package func begin(_ run: RunInfo) throws -> RunInfo {
        try write { db in
            if let existing = try Self.fetchRun(db) { return existing }
            try db.execute(
                sql: """
                    INSERT INTO run (
                        id, key, plan_path, source, target, state, created_at, plan_fingerprint, target_live)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id, run.key, run.planPath, run.source, run.target, run.state.rawValue,
                    run.createdAt.timeIntervalSince1970, run.planFingerprint, run.targetLive,
                ])
            return run
        }
    }

    /// The run this journal records.
    package func run() throws -> RunInfo {
        guard let run = try database.read(Self.fetchRun) else { throw JournalError.noRun(path: path) }
        return run
    }

    /// Sets the run's state (and its finish time when it leaves `running`), with the error
    /// that failed it (cleared otherwise).
    package func setRunState(_ state: RunInfo.State, error: String? = nil, at date: Date = Date()) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE run SET state = ?, finished_at = ?, error = ?",
                arguments: [state.rawValue, state == .running ? nil : date.timeIntervalSince1970, error])
        }
    }

    /// Records whether the target is live (a run begun by an older version did not say).
    package func setTargetLive(_ live: Bool) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET target_live = ?", arguments: [live])
        }
    }

    /// Runs `body` in one transaction that also counts the commit, then seals the count
    /// (`JournalSeal`) before any other write can start: every journal write goes through here.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction {
                result = try body(db)
                try db.execute(sql: "UPDATE commit_count SET commits = commits + 1")
                return .commit
            }
            try seal.write(commits: try Self.commits(db))
            // `inTransaction` ran `body` (it throws otherwise).
            return result!
        }
    }

    /// Checks the journal against its seal: it has not lost commits it made.
    /// - Throws: `RunFileError` naming the journal or the seal.
    package func checkSeal() throws {
        try seal.check(journalPath: path, commits: try database.read(Self.commits))
    }

    private static func commits(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT commits FROM commit_count") ?? 0
    }

    /// SQLite's structural check of the journal file (`PRAGMA quick_check`): nil when it is
    /// sound, else what is wrong.
    package func structuralProblem() -> String? {
        do {
            let lines = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            return lines == ["ok"] ? nil : lines.prefix(3).joined(separator: "; ")
        } catch {
            return "\(error)"
        }
    }

    private static func fetchRun(_ db: Database) throws -> RunInfo? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run LIMIT 1") else { return nil }
        return RunInfo(
            id: row["id"], key: row["key"], planPath: row["plan_path"], source: row["source"],
            target: row["target"], state: RunInfo.State(rawValue: row["state"]) ?? .running,
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            planFingerprint: row["plan_fingerprint"], targetLive: row["target_live"] ?? false, error: row["error"])
    }
}
