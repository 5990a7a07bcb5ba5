import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: store format (refs by record, multi-row loads, background checkpoints)")
struct StagingStoreFormatTests {
    /// Every row of `refs`, in a stable order, as text.
    static func references(_ store: StagingStore) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT type || '|' || relation || '|' || record_id || '|' || parent_type || '|'
                        || COALESCE(parent_identity, '∅') || '|' || COALESCE(code_value, '∅')
                    FROM refs ORDER BY record_id, relation
                    """)
        }
    }

    /// Every record's stored values, in id order, as text.
    static func records(_ store: StagingStore) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT id || '|' || type || '|' || position || '|' || source_offset || '|'
                        || COALESCE(source_id, '∅') || '|' || COALESCE(identity, '∅') || '|' || body
                    FROM records ORDER BY id
                    """)
        }
    }

    /// The inputs of every planned chunk of `type`.
    static func payloads(_ store: StagingStore, type: ResourceType) throws -> [String] {
        try store.chunks.planChunks(type: type, size: 7).map { try store.chunks.readChunk($0).inputsJSON }
    }

    static func temporaryDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("staging-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("loads batched 64 records per statement store what the SQL path computes, for any count")
    func multiRowInsertsMatchSQL() throws {
        // Counts around the statement sizes (64 records, 128 references) and past a batch.
        for count in [1, 63, 64, 65, 129, 5_000] {
            let export = StagingBulkLoadTests.export(count)
            let fast = try StagingFixtures.pricesStore()
            let computed = try StagingFixtures.pricesStore()
            try fast.loader.load(bytes: export, type: "prices", name: "generated.json", gzipped: false)
            try computed.loader.loadComputingInSQL(
                bytes: export, type: "prices", name: "generated.json", gzipped: false)
            #expect(try Self.records(fast) == Self.records(computed), "records of \(count)")
            #expect(try Self.references(fast) == Self.references(computed), "references of \(count)")
            #expect(try fast.comparison.recordCount(type: "prices") == 4 + count)
        }
    }

    @Test("a store made before refs were clustered by record migrates, keeps its rows and reads the same chunks")
    func migrationFromVersion5KeepsReferences() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/staging.sqlite"
        let expectedReferences: [String]
        let expectedRecords: [String]
        do {
            let store = try StagingStore.open(at: path)
            try store.loader.load(records: StagingFixtures.priceLists, type: "price_lists", name: "price_lists-page-1")
            try store.loader.load(
                bytes: StagingFixtures.gzip(StagingFixtures.prices), type: "prices", name: "prices-1.json.gz")
            try store.loader.load(
                bytes: StagingBulkLoadTests.export(150), type: "prices", name: "more.json", gzipped: false)
            expectedReferences = try Self.references(store)
            expectedRecords = try Self.records(store)
            // Back to the v5 layout, as a store written by an earlier version holds it.
            try store.writer.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE refs_v5 (
                            type TEXT NOT NULL, relation TEXT NOT NULL, record_id INTEGER NOT NULL,
                            parent_type TEXT NOT NULL, parent_identity TEXT, code_value TEXT,
                            PRIMARY KEY (type, relation, record_id)
                        ) WITHOUT ROWID;
                        INSERT INTO refs_v5 SELECT type, relation, record_id, parent_type, parent_identity, code_value
                            FROM refs;
                        DROP TABLE refs;
                        ALTER TABLE refs_v5 RENAME TO refs;
                        DELETE FROM grdb_migrations WHERE identifier = 'v6-refs-by-record';
                        """)
            }
            try store.finishCheckpoints()
        }
        let store = try StagingStore.open(at: path)
        let layout = try store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'refs'")
        }
        #expect(layout?.contains("PRIMARY KEY (record_id, relation)") == true)
        #expect(try Self.references(store) == expectedReferences)
        #expect(try Self.records(store) == expectedRecords)

        // The migrated store remaps and reads chunks exactly as a store created now.
        let fresh = try StagingStore.inMemory()
        try fresh.loader.load(records: StagingFixtures.priceLists, type: "price_lists", name: "price_lists-page-1")
        try fresh.loader.load(
            bytes: StagingFixtures.gzip(StagingFixtures.prices), type: "prices", name: "prices-1.json.gz")
        try fresh.loader.load(
            bytes: StagingBulkLoadTests.export(150), type: "prices", name: "more.json", gzipped: false)
        for candidate in [store, fresh] {
            try candidate.identities.recordTargetIDs([(identity: "code=EUR", targetID: "tgtEUR")], type: "price_lists")
            try candidate.identities.recordTargetIDs([(identity: "code=PL-0", targetID: "tgtPL0")], type: "price_lists")
        }
        let migratedReport = try store.remapper.remap(type: "prices", policy: .skip)
        let freshReport = try fresh.remapper.remap(type: "prices", policy: .skip)
        #expect(migratedReport == freshReport)
        #expect(migratedReport.missing.isEmpty == false)
        #expect(try Self.payloads(store, type: "prices") == Self.payloads(fresh, type: "prices"))
        let integrity = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test("a load's log is copied into the database file in the background; the store reopens with every row")
    func backgroundCheckpointCopiesTheLoad() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/staging.sqlite"
        let count = 2_000
        do {
            let store = try StagingStore.open(at: path)
            try store.loader.load(
                bytes: StagingBulkLoadTests.export(count), type: "prices", name: "big.json", gzipped: false)
            // Readers and writers go on while the copy runs.
            #expect(try store.comparison.recordCount(type: "prices") == count)
            try store.loader.apply([.set(field: "metadata.cloned_by", value: "layerclone")], to: "prices")
            try store.finishCheckpoints()
            let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?
                .int64Value
            #expect((log ?? 0) == 0)
        }
        let reopened = try StagingStore.open(at: path)
        #expect(try reopened.comparison.recordCount(type: "prices") == count)
        let integrity = try reopened.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        let cloned = try reopened.writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM records WHERE body ->> '$.metadata.cloned_by' = 'layerclone'")
        }
        #expect(cloned == count)
    }

    @Test("write-behind leaves a file's bytes as they are, and a missing file alone")
    func writeBehindKeepsBytes() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/log"
        let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let writeBehind = WriteBehind(path: path)
        for _ in 0..<3 { writeBehind.start() }
        // Repeated requests while a body runs; the body's result comes back.
        let result = writeBehind.whileRunning(every: .milliseconds(1)) { () -> Int in
            usleep(20_000)
            return 42
        }
        #expect(result == 42)
        writeBehind.wait()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        let missing = WriteBehind(path: directory + "/none")
        missing.start()
        missing.wait()
        #expect(!FileManager.default.fileExists(atPath: directory + "/none"))
    }

    @Test("new stores get 64 KiB pages; a store made with 16 KiB pages keeps them and stages the same")
    func pageSizes() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let export = StagingBulkLoadTests.export(300)
        // An older store: 16 KiB pages, chosen before it left rollback mode.
        let olderPath = directory + "/older.sqlite"
        let queue = try DatabaseQueue(path: olderPath)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 16384; VACUUM; PRAGMA journal_mode = WAL")
        }
        try queue.close()
        var payloads: [[String]] = []
        for (path, pageSize) in [(directory + "/new.sqlite", 65_536), (olderPath, 16_384)] {
            let store = try StagingStore.open(at: path)
            #expect(try store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == pageSize)
            try store.loader.load(records: StagingFixtures.priceLists, type: "price_lists", name: "price_lists-page-1")
            try store.loader.load(bytes: export, type: "prices", name: "prices.json", gzipped: false)
            try store.identities.inventParentTargetIDs(type: "prices")
            try store.remapper.remap(type: "prices", policy: .skip)
            payloads.append(try Self.payloads(store, type: "prices"))
            try store.finishCheckpoints()
        }
        #expect(payloads[0] == payloads[1])
        #expect(payloads[0].count > 1)
    }
}
