import Foundation
import GRDB
import GRDBSQLite
import ResourceCatalog
import ZlibStream

/// The format of an export file.
package enum ExportFormat: String, Sendable, Codable {
    /// One JSON array of objects.
    case json
    /// A header line, then one record per line; nested relations as `relation.attr` columns.
    case csv
}

/// What loading one file staged.
package struct LoadResult: Sendable, Hashable {
    package let type: ResourceType
    /// The file's name as recorded (unique per type).
    package let name: String
    /// Records staged from it.
    package let records: Int
    /// Decompressed bytes read.
    package let bytes: Int
    /// True when the file had been loaded before (a resume): nothing was done.
    package let alreadyLoaded: Bool
}

extension StagingLoader {
    /// Records a load must have staged before it drops the identity index to build it at its end.
    static let bulkLoadRecords = 50_000

    /// Streams a (by default gzipped) export file into the store, in one transaction.
    ///
    /// Identity, source id and references are computed in SQL; indexes are built after the
    /// load. Loading a file whose `(type, name)` was already loaded does nothing.
    /// - Parameter name: the name recorded for the file; defaults to the file's last path component.
    /// - Throws: `StagingError.malformedExport` naming the file and byte offset when it is not
    ///   valid gzip or not a well-formed JSON array of objects (or CSV); nothing is staged then.
    /// - Parameter transforms: the plan's transforms for the type, applied to each record as it
    ///   is inserted, with exactly the results of `apply(_:to:)`; pass the same list to
    ///   `apply(_:to:)` afterwards, which then records them without rewriting these records.
    @discardableResult
    package func load(
        file path: String, type: ResourceType, name: String? = nil, format: ExportFormat = .json,
        gzipped: Bool = true, transforms: [Transform] = []
    ) throws -> LoadResult {
        let recorded = name ?? URL(fileURLWithPath: path).lastPathComponent
        return try load(
            type: type, name: recorded, format: format, gzipped: gzipped, source: .file(path), transforms: transforms)
    }

    /// Stages an export held in memory (tests, small attachments).
    @discardableResult
    package func load(
        bytes: [UInt8], type: ResourceType, name: String, format: ExportFormat = .json, gzipped: Bool = true,
        transforms: [Transform] = []
    ) throws -> LoadResult {
        try load(
            type: type, name: name, format: format, gzipped: gzipped, source: .bytes(bytes), transforms: transforms)
    }

    /// Stages records read over REST (flat objects: attributes, `id` and `<relation>_id` keys,
    /// or nested parents), keeping their source ids so later references by `<relation>_id`
    /// resolve. See `flatten(resource:)` for JSON:API resource objects.
    @discardableResult
    package func load(records: [JSONValue], type: ResourceType, name: String) throws -> LoadResult {
        var text = "["
        for (index, record) in records.enumerated() {
            if index > 0 { text += "," }
            text += record.canonicalJSON
        }
        text += "]"
        return try load(bytes: Array(text.utf8), type: type, name: name, format: .json, gzipped: false)
    }

    /// A flat record from a JSON:API resource object: its attributes, `id`, and
    /// `<relation>_id` for every to-one relationship whose `data` is present.
    package static func flatten(resource: JSONValue) -> JSONValue {
        var flat = resource["attributes"]?.objectValue ?? [:]
        if let id = resource["id"] { flat["id"] = id }
        for (name, relationship) in resource["relationships"]?.objectValue ?? [:] {
            if let id = relationship["data"]?["id"] { flat[name + "_id"] = id }
        }
        return .object(flat)
    }

    /// Stages an export held in memory computing every record's identity, source id and
    /// references in SQL (tests: the reference the Swift extraction must match).
    @discardableResult
    func loadComputingInSQL(bytes: [UInt8], type: ResourceType, name: String, gzipped: Bool = true) throws
        -> LoadResult
    {
        try load(type: type, name: name, format: .json, gzipped: gzipped, source: .bytes(bytes), extract: false)
    }

    /// The shared pipeline: a reading thread gunzips, splits and extracts identities and
    /// references (`LoadProducer`, `RecordExtractor`) while this one inserts, in one transaction.
    private func load(
        type: ResourceType, name: String, format: ExportFormat, gzipped: Bool, source: LoadSource,
        extract: Bool = true, transforms: [Transform] = []
    ) throws -> LoadResult {
        let spec = try spec(type)
        for transform in transforms { try validate(transform, spec: spec) }
        let catalog = catalog
        // The commit writes the log to disk: the load survives a power cut once it returns.
        // Copying the log into the database file is left to the background checkpointer.
        if checkpointer != nil { try write(withoutTransaction: "PRAGMA synchronous = FULL") }
        defer {
            // Should this fail, commits stay as safe as the load's, only slower.
            if checkpointer != nil { try? write(withoutTransaction: "PRAGMA synchronous = NORMAL") }
        }
        // The log's pages are sent to the disk as the load writes them (`WriteBehind`), not
        // all at the commit's fsync.
        let stopWriteBehind = checkpointer == nil ? nil : WriteBehind(path: path + "-wal").repeating()
        defer { stopWriteBehind?() }
        let result = try write { db in
            if let count = try Int.fetchOne(
                db, sql: "SELECT records FROM files WHERE type = ? AND name = ?", arguments: [type.rawValue, name])
            {
                return LoadResult(type: type, name: name, records: count, bytes: 0, alreadyLoaded: true)
            }
            try db.execute(
                sql: "INSERT INTO files (type, name, format, records, bytes) VALUES (?, ?, ?, 0, 0)",
                arguments: [type.rawValue, name, format.rawValue])
            let inserter = try RecordInserter(
                db: db, spec: spec, fileID: db.lastInsertedRowID, fileName: name, catalog: catalog)
            let queue = ElementBatchQueue()
            let producer = LoadProducer(
                source: source, name: name, format: format, gzipped: gzipped, spec: spec,
                extractor: extract ? RecordExtractor(spec: spec, catalog: catalog) : nil,
                transformer: transforms.isEmpty ? nil : LoadTransformer(transforms), transformCount: transforms.count,
                queue: queue)
            Thread.detachNewThread { producer.run() }
            defer { queue.cancelAndWait() }
            // A load much larger than the store builds the identity index once at its end
            // rather than inserting into it record by record (the rebuild costs at most about
            // twice the records it adds).
            let stored = try Int.fetchOne(db, sql: "SELECT max(id) FROM records") ?? 0
            var indexDropped = false
            while let batch = try queue.take() {
                try inserter.insert(batch)
                if !indexDropped, inserter.count > max(Self.bulkLoadRecords, stored) {
                    try db.execute(sql: "DROP INDEX IF EXISTS records_by_identity")
                    indexDropped = true
                }
            }
            try inserter.finish()
            if !transforms.isEmpty {
                try applyAtLoad(transforms, type: type, db: db, inserter: inserter)
            }
            if indexDropped { try Self.buildIdentityIndexSorting(db) }
            try db.execute(
                sql: """
                    UPDATE files SET records = ?, bytes = ?, first_record_id = ?, last_record_id = ? WHERE id = ?
                    """,
                arguments: [
                    inserter.count, queue.decompressedBytes, inserter.firstRecordID, inserter.lastRecordID,
                    inserter.fileID,
                ])
            return LoadResult(
                type: type, name: name, records: inserter.count, bytes: queue.decompressedBytes, alreadyLoaded: false)
        }
        // The writer's cache holds the load's last pages, of no use to what comes next: give
        // the memory back (readers have caches of their own), to the system too.
        writer.writeWithoutTransaction { db in _ = sqlite3_db_release_memory(db.sqliteConnection) }
        MemoryTrimmer.releaseFreeMemory()
        return result
    }
}

extension StagingLoader {
    /// The page cache of the writer while a bulk load builds its identity index, in KiB; SQLite
    /// sizes each list of keys it sorts in memory by it.
    static let indexSortKiB = 8_192
    /// Helper threads that sort full lists of keys (and merge them) while the writer reads on.
    static let indexSortThreads = 2

    /// Builds the identity index at the end of a bulk load with sorting helper threads (the
    /// load's reading threads are done by then): lists of `indexSortKiB` are sorted and merged
    /// on them while the writer scans on. The page cache is that small only meanwhile: the
    /// build reads the table once, in order, and appends the index. Measured at 1,000,000
    /// records: 0.55-0.68 s instead of 0.8 s, and a lower peak (about 100 MB instead of 110).
    fileprivate static func buildIdentityIndexSorting(_ db: Database) throws {
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -indexSortKiB
        let threads = try Int.fetchOne(db, sql: "PRAGMA threads") ?? 0
        try db.execute(sql: "PRAGMA cache_size = -\(indexSortKiB); PRAGMA threads = \(indexSortThreads)")
        defer { try? db.execute(sql: "PRAGMA threads = \(threads); PRAGMA cache_size = \(cacheSize)") }
        try ensureIndexes(db)
    }

    /// Runs `sql` on the writer outside any transaction (pragmas).
    fileprivate func write(withoutTransaction sql: String) throws {
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: sql) }
        } catch {
            throw StagingError.database(path: path, message: "\(error)")
        }
    }

    /// Ends a load's transforms: applies them in SQL to the records the reading thread could
    /// not transform (`LoadTransformer`), and records the list and its change counts on the file.
    fileprivate func applyAtLoad(_ transforms: [Transform], type: ResourceType, db: Database, inserter: RecordInserter)
        throws
    {
        var changes = inserter.transformChanges + Array(repeating: 0, count: transforms.count)
        if let first = inserter.toTransform.first, let last = inserter.toTransform.last {
            // The ids are ascending: a range when they are all of the file's records.
            let scope =
                inserter.toTransform.count == Int(last - first + 1)
                ? "records.id BETWEEN \(first) AND \(last)"
                : "records.id IN (" + inserter.toTransform.map(String.init).joined(separator: ",") + ")"
            for (position, transform) in transforms.enumerated() {
                let (sql, arguments) = Self.sql(for: transform, type: type, scope: scope)
                try db.execute(sql: sql, arguments: arguments)
                changes[position] += db.changesCount
            }
        }
        let counts = JSONValue.array(changes.prefix(transforms.count).map { .int(Int64($0)) }).canonicalJSON
        try db.execute(
            sql: "UPDATE files SET transforms = ?, transform_changes = ? WHERE id = ?",
            arguments: [Self.describe(transforms), counts, inserter.fileID])
    }

    /// Removes every staged record of `type` and what hangs off them, so the type can be read
    /// again from scratch (a fresh scan of the target).
    package func discardRecords(type: ResourceType) throws {
        try write { db in
            for table in ["refs", "missing_refs", "outcomes"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE type = ?", arguments: [type.rawValue])
            }
            for table in ["chunks", "records", "files", "source_ids", "transform_results"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE type = ?", arguments: [type.rawValue])
            }
        }
    }
}
