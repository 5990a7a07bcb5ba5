import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: chunk planning")
struct ChunkPlanTests {
    /// 95 generated prices over 3 price lists known in the target, remapped.
    static func pricesStore() throws -> StagingStore {
        let store = try StagingStore.inMemory()
        let generator = ExportGenerator(records: 95, priceLists: 3)
        let text = "[" + (0..<generator.records).map(generator.record).joined(separator: ",") + "]"
        try store.load(bytes: Array(text.utf8), type: "prices", name: "p.json", gzipped: false)
        try store.recordTargetIDs((0..<3).map { ("code=PL-\($0)", "tgt\($0)") }, type: "price_lists")
        try store.remap(type: "prices", policy: .skip)
        return store
    }

    @Test("one parent per chunk, members in source order, chunks numbered by their first record")
    func numberingAndGrouping() throws {
        let store = try Self.pricesStore()
        // One record left out as unchanged: it must appear in no chunk.
        let unchanged: Int64 = try store.writer.write { db in
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM records WHERE type = 'prices' ORDER BY id LIMIT 1 OFFSET 4")!
            try db.execute(sql: "UPDATE records SET state = 'unchanged' WHERE id = ?", arguments: [id])
            return id
        }
        let chunks = try store.planChunks(type: "prices", size: 10)
        var seen: [Int64] = []
        var firstRecords: [Int64] = []
        for (index, chunk) in chunks.enumerated() {
            #expect(chunk.index == index)
            let payload = try store.readChunk(chunk)
            #expect(payload.recordIDs.count == chunk.size && chunk.size <= 10)
            #expect(payload.recordIDs == payload.recordIDs.sorted())
            let parents = try store.writer.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT m.target_id FROM refs x JOIN id_map m
                            ON m.type = x.parent_type AND m.identity = x.parent_identity
                        WHERE x.type = 'prices' AND x.relation = 'price_list'
                            AND x.record_id IN (SELECT value FROM json_each(?))
                        """, arguments: ["[" + payload.recordIDs.map(String.init).joined(separator: ",") + "]"])
            }
            #expect(parents == [try #require(chunk.parentResourceID)])
            let inputs = try #require(JSONValue.parse(payload.inputsJSON).arrayValue)
            #expect(inputs.count == payload.recordIDs.count)
            seen += payload.recordIDs
            firstRecords.append(try #require(payload.recordIDs.first))
        }
        #expect(firstRecords == firstRecords.sorted())
        let all = try store.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM records WHERE type = 'prices' ORDER BY id")
        }
        #expect(seen.sorted() == all.filter { $0 != unchanged })
        // Planned once: a second call returns the same chunks.
        #expect(try store.planChunks(type: "prices", size: 3) == chunks)
    }

    @Test("a parent's records are cut into as few chunks as the size allows, of even sizes")
    func evenSizes() throws {
        // 95 prices over 3 price lists: 32, 32 and 31 records.
        let store = try Self.pricesStore()
        let chunks = try store.planChunks(type: "prices", size: 10)
        let sizes = Dictionary(grouping: chunks, by: { $0.parentResourceID ?? "" }).mapValues {
            $0.map(\.size).sorted()
        }
        // 32 at size 10: 4 chunks of 8, not 10, 10, 10 and 2; 31: 8, 8, 8 and 7.
        #expect(sizes.values.map { $0.reduce(0, +) }.sorted() == [31, 32, 32])
        #expect(sizes.values.filter { $0 == [8, 8, 8, 8] }.count == 2)
        #expect(sizes.values.contains([7, 8, 8, 8]))
    }
}
