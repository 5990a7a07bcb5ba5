import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: bulk loads")
struct StagingBulkLoadTests {
    /// A JSON array of `count` generated prices, optionally followed by an invalid element.
    static func export(_ count: Int, corruptAtEnd: Bool = false) -> [UInt8] {
        let generator = ExportGenerator(records: count)
        var text = "["
        for index in 0..<count {
            if index > 0 { text += "," }
            text += generator.record(index)
        }
        text += corruptAtEnd ? #",{"code":tru}]"# : "]"
        return Array(text.utf8)
    }

    static func identityIndexExists(_ store: StagingStore) throws -> Bool {
        try store.writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'index' AND name = 'records_by_identity'")
                ?? false
        }
    }

    @Test("a load larger than the store builds the identity index at its end; lookups by identity work")
    func identityIndexRebuilt() throws {
        let store = try StagingFixtures.pricesStore()
        let settings =
            "SELECT (SELECT cache_size FROM pragma_cache_size) || '/' || (SELECT threads FROM pragma_threads)"
        let before = try store.writer.write { db in try String.fetchOne(db, sql: settings) }
        let count = StagingLoader.bulkLoadRecords + 100
        let result = try store.loader.load(bytes: Self.export(count), type: "prices", name: "big.json", gzipped: false)
        #expect(result.records == count)
        #expect(try Self.identityIndexExists(store))
        // The build's small cache and sorting threads end with it.
        #expect(try store.writer.write { db in try String.fetchOne(db, sql: settings) } == before)
        let record = try JSONValue.parse(ExportGenerator(records: count).record(count - 1))
        let last = try #require(try store.identities.identity(of: record, type: "prices"))
        let found = try store.writer.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT count(*) FROM records INDEXED BY records_by_identity WHERE type = 'prices' AND identity = ?",
                arguments: [last])
        }
        #expect(found == 1)
        let integrity = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test("a bulk load that fails past the threshold leaves the store as it was, index included")
    func failedBulkLoadRollsBack() throws {
        let store = try StagingFixtures.pricesStore()
        let before = try store.comparison.recordCount(type: "prices")
        #expect(throws: StagingError.self) {
            try store.loader.load(
                bytes: Self.export(StagingLoader.bulkLoadRecords + 100, corruptAtEnd: true), type: "prices",
                name: "big.json", gzipped: false)
        }
        #expect(try store.comparison.recordCount(type: "prices") == before)
        #expect(try Self.identityIndexExists(store))
    }
}
