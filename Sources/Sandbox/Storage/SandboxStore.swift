import Foundation
import GRDB
import ResourceCatalog

/// Where the sandbox keeps the records of both environments: one SQLite table, in memory or
/// in a file, with indexes by id, by (environment, type, id), by `reference`, and a unique
/// index on natural keys.
///
/// All reads and writes go through `read` / `write`, which hand out a `RecordTransaction`;
/// validation and the write it guards run in the same transaction, so two concurrent
/// creations cannot both take a natural key.
package final class SandboxStore: Sendable {
    private let writer: any DatabaseWriter
    /// The file backing the store, deleted by `close()` when the store created it.
    private let temporaryFile: URL?

    private init(writer: any DatabaseWriter, temporaryFile: URL?) throws {
        self.writer = writer
        self.temporaryFile = temporaryFile
        try writer.write { db in try Self.migrate(db) }
    }

    /// A store held in memory (fine up to a few hundred thousand records).
    package static func inMemory() throws -> SandboxStore {
        try SandboxStore(writer: DatabaseQueue(configuration: configuration()), temporaryFile: nil)
    }

    /// A store in a SQLite file at `path` (created if missing).
    package static func open(at path: String) throws -> SandboxStore {
        try SandboxStore(writer: DatabasePool(path: path, configuration: configuration()), temporaryFile: nil)
    }

    /// A store in a fresh temporary file, deleted by `close()`. Use it for large datasets
    /// (a million records stay well under 2 GiB resident).
    package static func temporary() throws -> SandboxStore {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-sandbox-\(UUID().uuidString).sqlite")
        return try SandboxStore(
            writer: DatabasePool(path: url.path, configuration: configuration()), temporaryFile: url)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return configuration
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS records (
                    id TEXT NOT NULL PRIMARY KEY,
                    env TEXT NOT NULL,
                    type TEXT NOT NULL,
                    natural_key TEXT,
                    body TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS records_env_type_id ON records(env, type, id);
                CREATE UNIQUE INDEX IF NOT EXISTS records_natural_key
                    ON records(env, type, natural_key) WHERE natural_key IS NOT NULL;
                CREATE INDEX IF NOT EXISTS records_reference
                    ON records(env, type, json_extract(body, '$.attributes.reference'));
                """)
    }

    /// Runs `body` in a write transaction.
    package func write<T: Sendable>(_ body: @escaping @Sendable (RecordTransaction) throws -> T) async throws -> T {
        try await writer.write { db in try body(RecordTransaction(db: db)) }
    }

    /// Runs `body` in a write transaction, blocking the calling thread (seeding, benchmarks).
    package func writeSync<T>(_ body: (RecordTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(RecordTransaction(db: db)) }
    }

    /// Runs `body` with a consistent read-only view.
    package func read<T: Sendable>(_ body: @escaping @Sendable (RecordTransaction) throws -> T) async throws -> T {
        try await writer.read { db in try body(RecordTransaction(db: db)) }
    }

    /// Refreshes the query planner's statistics; call after bulk loads so selective indexes
    /// (natural key, reference) win over the id-ordered scan.
    package func optimize() throws {
        try writer.writeWithoutTransaction { db in try db.execute(sql: "ANALYZE") }
    }

    /// Closes the store and deletes its temporary file, if it made one.
    package func close() {
        try? writer.close()
        guard let temporaryFile else { return }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: temporaryFile.path + suffix)
        }
    }
}
