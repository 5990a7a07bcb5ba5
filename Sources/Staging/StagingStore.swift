import Foundation
import GRDB
import GRDBSQLite
import ResourceCatalog

/// The SQLite store of one run: staged records, their references, the id map, transform
/// results and per-record import outcomes.
///
/// The store owns the database (opening, checkpoints, copies); the work is done through its
/// roles, each a view of the same database offering what one kind of caller needs
/// (`StagingRoles.swift`). Per type, in dependency order:
/// 1. `loader`: `load` files or REST pages with the plan's transforms of the type (applied as
///    records are inserted), then `apply` the same transforms (for files loaded without them);
/// 2. `identities`: once each parent type lands, `recordTargetIDs`;
/// 3. `remapper`: `remap`, which resolves references to the parents' target ids;
/// 4. `chunks`: `planChunks` and `readChunk` for imports (or `restPayloads`);
/// 5. `outcomes`: `harvest` and `recordChunkImported` after each import, `recordOutcome`
///    after each REST write; reports read `outcomeCounts`, `rejectedRecords`, and the
///    remapper's `missingReferences`;
/// 6. `comparison`: `comparableRecords` and `markUnchanged` before writing, comparisons after;
/// 7. `runFile`: what the journal checks on resume (`digest`) and what snapshots and diffs keep.
///
/// Identities are strings in the format documented on `IdentitySQL` (`code=TSHIRT-M`,
/// `price_list=[code=EUR]|sku=[code=TSHIRT-M]`, `ref=…`, `fp=<hex>`).
///
/// The database is created with mode 0600 (it may hold customer data), in WAL mode with
/// `synchronous=NORMAL`; page caches per `CacheSizes` (the writer's released after each
/// load). Methods are synchronous and block their thread: async code runs them on the
/// blocking executor (`BlockingExecutor`), never on the cooperative pool. Never hold a
/// transaction across an HTTP call: every method here runs and commits its own.
package final class StagingStore: Sendable {
    /// The underlying database; exposed for tests and for reports that need custom queries.
    package let writer: any DatabaseWriter
    /// The file path, or `:memory:`.
    package let path: String
    /// The catalog that decides identities, references and clonable attributes.
    package let catalog: ResourceCatalog
    /// Copies the log into the database file after loads (nil in memory).
    let checkpointer: BackgroundCheckpointer?

    private init(
        writer: any DatabaseWriter, path: String, catalog: ResourceCatalog, checkpointer: BackgroundCheckpointer?
    ) throws {
        self.writer = writer
        self.path = path
        self.catalog = catalog
        self.checkpointer = checkpointer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StagingError.database(path: path, message: "\(error)")
        }
    }

    /// Page caches of a store's connections, in KiB.
    package struct CacheSizes: Sendable, Hashable {
        /// Each reading connection's cache.
        package var readerKiB: Int
        /// The writing connection's cache (released after each load).
        package var writerKiB: Int

        /// One store working alone on a large set (`bench staging`): chunk reads revisit the
        /// pages of neighbouring chunks (the chunks of the different import parents covering
        /// one stretch of the export: about 60 MB of records and references at 100,000
        /// records; a cache smaller than that stretch rereads it for every chunk).
        package static let bulk = CacheSizes(readerKiB: 65_536, writerKiB: 32_768)
        /// A store among others in a process that works on many types at once (a clone keeps
        /// two, each with several readers): bounded so the process stays lean.
        package static let shared = CacheSizes(readerKiB: 8_192, writerKiB: 16_384)
    }

    /// Opens (creating when needed) the store at `path`, with file mode 0600, and migrates it.
    package static func open(
        at path: String, catalog: ResourceCatalog = .commerceLayer, cache: CacheSizes = .shared
    ) throws -> StagingStore {
        let manager = FileManager.default
        let isNew = !manager.fileExists(atPath: path)
        if isNew {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StagingError.database(path: path, message: "cannot create the file")
            }
        }
        // SQLite gives the -wal and -shm files the permissions of the database file.
        guard chmod(path, 0o600) == 0 else {
            throw StagingError.database(path: path, message: "cannot restrict permissions to 0600")
        }
        do {
            if isNew {
                // 64 KiB pages (SQLite's largest): fewer pages, WAL frames and B-tree steps per
                // record in bulk loads and chunk reads (1M prices staged 0.4 s faster than with
                // 16 KiB, in less processor time). Caches are sized in KiB, so they hold the same
                // bytes. Stores made with smaller pages keep them.
                // The page size can only be chosen before the database leaves rollback mode.
                let queue = try DatabaseQueue(path: path)
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA page_size = 65536; VACUUM; PRAGMA journal_mode = WAL")
                }
                try queue.close()
            }
            let checkpointer = BackgroundCheckpointer(path: path)
            let pool = try DatabasePool(
                path: path, configuration: configuration(catalog: catalog, cache: cache, checkpointer: checkpointer))
            return try StagingStore(writer: pool, path: path, catalog: catalog, checkpointer: checkpointer)
        } catch let error as StagingError {
            throw error
        } catch {
            throw StagingError.database(path: path, message: "\(error)")
        }
    }

    /// Log frames (pages) after a commit from which a checkpoint is asked for (SQLite's
    /// automatic checkpoint default).
    static let checkpointFrames: Int32 = 1000

    /// A store in memory, for tests.
    package static func inMemory(catalog: ResourceCatalog = .commerceLayer) throws -> StagingStore {
        let queue = try DatabaseQueue(configuration: configuration(catalog: catalog, cache: .shared))
        return try StagingStore(writer: queue, path: ":memory:", catalog: catalog, checkpointer: nil)
    }

    /// Every pragma and SQL function of the store, in one place.
    ///
    /// With a `checkpointer`, the writer's commits never copy the log into the database file
    /// themselves (SQLite's automatic checkpoint): a commit leaving at least
    /// `checkpointFrames` frames in the log asks the checkpointer to, in the background.
    private static func configuration(
        catalog: ResourceCatalog, cache: CacheSizes, checkpointer: BackgroundCheckpointer? = nil
    ) -> Configuration {
        var configuration = Configuration()
        configuration.label = "staging"
        configuration.prepareDatabase { db in
            // Readers get the larger cache: chunk reads revisit the pages of neighbouring
            // chunks. The writer's cache only holds a load's last pages.
            let kibibytes = db.configuration.readonly ? cache.readerKiB : cache.writerKiB
            try db.execute(sql: "PRAGMA cache_size = -\(kibibytes)")
            try db.execute(
                sql: """
                    PRAGMA synchronous = NORMAL;
                    PRAGMA temp_store = FILE;
                    PRAGMA journal_size_limit = 67108864;
                    """)
            StagingFunctions.register(in: db, catalog: catalog)
            if let checkpointer, !db.configuration.readonly {
                // The configuration (kept by the pool) keeps the checkpointer alive as long as
                // the connection.
                sqlite3_wal_hook(
                    db.sqliteConnection,
                    { context, _, _, frames in
                        if frames >= StagingStore.checkpointFrames, let context {
                            Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
                        }
                        return SQLITE_OK
                    }, Unmanaged.passUnretained(checkpointer).toOpaque())
            }
        }
        return configuration
    }

    /// Waits for the checkpoints loads left running (`BackgroundCheckpointer`), then empties
    /// the log when no reader needs it (so `databaseBytes` is the store's size).
    /// - Throws: `StagingError.database` when a checkpoint failed.
    package func finishCheckpoints() throws {
        guard let checkpointer else { return }
        if let failure = checkpointer.wait() { throw StagingError.database(path: path, message: failure) }
        do {
            try writer.writeWithoutTransaction { db in
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw StagingError.database(path: path, message: "\(error)")
        }
    }

    /// The size of the database file plus its WAL, in bytes.
    package var databaseBytes: Int64 {
        guard path != ":memory:" else { return 0 }
        return [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)??.int64Value
            return total + (size ?? 0)
        }
    }

    /// Runs `body` in one write transaction, turning database errors into `StagingError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        noteCaller()
        do {
            return try writer.write(body)
        } catch let error as StagingError {
            throw error
        } catch {
            throw StagingError.database(path: path, message: "\(error)")
        }
    }

    /// Runs `body` with read access, turning database errors into `StagingError`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        noteCaller()
        do {
            return try writer.read(body)
        } catch let error as StagingError {
            throw error
        } catch {
            throw StagingError.database(path: path, message: "\(error)")
        }
    }

    /// The spec of a type, or `StagingError.unknownType`.
    func spec(_ type: ResourceType) throws -> ResourceSpec {
        guard let spec = catalog[type] else { throw StagingError.unknownType(type) }
        return spec
    }

    /// Writes a compact copy of the store to `path` (mode 0600), replacing nothing: the copy is
    /// made beside it and moved into place once complete.
    package func copy(to path: String) throws {
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        // VACUUM cannot run inside a transaction.
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [partial])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }
}
