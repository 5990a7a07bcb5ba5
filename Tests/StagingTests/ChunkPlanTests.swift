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
        try store.loader.load(bytes: Array(text.utf8), type: "prices", name: "p.json", gzipped: false)
        try store.identities.recordTargetIDs((0..<3).map { ("code=PL-\($0)", "tgt\($0)") }, type: "price_lists")
        try store.remapper.remap(type: "prices", policy: .skip)
        return store
    }

    @Test("as few chunks as the size allows, one parent per chunk or per input, members in source order")
    func numberingAndGrouping() throws {
        let store = try Self.pricesStore()
        // One record left out as unchanged: it must appear in no chunk.
        let unchanged: Int64 = try store.writer.write { db in
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM records WHERE type = 'prices' ORDER BY id LIMIT 1 OFFSET 4")!
            try db.execute(sql: "UPDATE records SET state = 'unchanged' WHERE id = ?", arguments: [id])
            return id
        }
        let chunks = try store.chunks.planChunks(type: "prices", size: 10)
        var seen: [Int64] = []
        var firstRecords: [Int64] = []
        var mixed = 0
        for (index, chunk) in chunks.enumerated() {
            #expect(chunk.index == index)
            let payload = try store.chunks.readChunk(chunk)
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
            let inputs = try #require(JSONValue.parse(payload.inputsJSON).arrayValue)
            #expect(inputs.count == payload.recordIDs.count)
            if let parent = chunk.parentResourceID {
                #expect(parents == [parent])
                #expect(inputs.allSatisfy { $0["price_list_id"] == nil })
            } else {
                // A chunk spanning two price lists: each input names its own.
                #expect(parents.count == 2)
                #expect(Set(inputs.compactMap { $0["price_list_id"]?.stringValue }) == Set(parents))
                #expect(inputs.allSatisfy { $0["price_list_id"] != nil })
                mixed += 1
            }
            seen += payload.recordIDs
            firstRecords.append(try #require(payload.recordIDs.first))
        }
        #expect(firstRecords == firstRecords.sorted())
        // 94 records over 3 price lists: 10 chunks, 2 of them spanning two lists.
        #expect(chunks.count == 10 && mixed == 2)
        let all = try store.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM records WHERE type = 'prices' ORDER BY id")
        }
        #expect(seen.sorted() == all.filter { $0 != unchanged })
        // Planned once: a second call returns the same chunks.
        #expect(try store.chunks.planChunks(type: "prices", size: 3) == chunks)
    }

    @Test("records are cut into as few chunks as the size allows, of even sizes")
    func evenSizes() throws {
        // 95 prices at size 10: 10 chunks of 10 and 9, not 10, 10, 10 and 2 per price list.
        let store = try Self.pricesStore()
        let chunks = try store.chunks.planChunks(type: "prices", size: 10)
        #expect(chunks.map(\.size).sorted() == Array(repeating: 9, count: 5) + Array(repeating: 10, count: 5))
    }

    /// Two volume tiers for each price of price list PL-0 (its generated records 0, 3, 6, …).
    static func loadTiers(_ store: StagingStore) throws {
        let generator = ExportGenerator(records: 95, priceLists: 3)
        let tiers: [JSONValue] = stride(from: 0, to: generator.records, by: 3).flatMap { index in
            let sku = "TSHIRT-\(String(index / 3, radix: 36).uppercased())-M"
            return [10, 20].map { upTo -> JSONValue in
                [
                    "name": .string("up to \(upTo)"), "up_to": .int(Int64(upTo)), "price_amount_cents": 500,
                    "price": ["price_list": ["code": "PL-0"], "sku": ["code": .string(sku)]],
                ]
            }
        }
        try store.loader.load(records: tiers, type: "price_volume_tiers", name: "tiers-page-1")
    }

    static let tiers = NestedChildren(type: "price_volume_tiers", relation: "price", key: "price_tiers")

    /// The work of each chunk: its prices plus the tiers nested in them.
    static func work(_ store: StagingStore, _ chunks: [ImportChunk]) throws -> [Int] {
        try chunks.map { chunk in
            let payload = try store.chunks.readChunk(chunk, nested: [tiers])
            return payload.recordIDs.count + payload.nested.values.reduce(0) { $0 + $1.count }
        }
    }

    @Test("prices that carry tiers count for more: chunks of even work, not of even sizes")
    func nestedWork() throws {
        let store = try Self.pricesStore()
        try Self.loadTiers(store)
        let chunks = try store.chunks.planChunks(type: "prices", size: 10, nested: [Self.tiers])
        // 95 prices at size 10: 10 chunks planned; work 95 + 64 tiers = 159. PL-0's 32 prices
        // (work 3 each) come first: shares of 15.9, 15.7, 15.4, 15, 15 and 15 give chunks of 6,
        // 6, 6, 5, 5 prices, then 4 of PL-0 and 3 of PL-1. The 60 light prices left fill chunks
        // of 10 before their shares (15, 16.7, 20), and the last share's 30 are cut in 3. Two
        // chunks span two price lists: PL-0 and PL-1, PL-1 and PL-2.
        let work = try Self.work(store, chunks)
        #expect(work.reduce(0, +) == 159)
        #expect(chunks.map(\.size).sorted() == [5, 5, 6, 6, 6, 7] + Array(repeating: 10, count: 6))
        #expect(work.max() == 18)
        #expect(chunks.filter { $0.parentResourceID == nil }.map(\.size) == [7, 10])
    }

    @Test("tiers of prices the target already holds add no work (they are not nested)")
    func nestedWorkOfUpdates() throws {
        let store = try Self.pricesStore()
        try Self.loadTiers(store)
        let held = try store.identities.stagedIdentities(type: "prices").filter { $0.contains("PL-0") }
        #expect(held.count == 32)
        try store.identities.recordTargetIDs(held.map { ($0, "tgt-\($0)") }, type: "prices")
        let plan = try store.chunks.planChunks(type: "prices", size: 10, nested: [Self.tiers])
        #expect(plan.map(\.size).sorted() == Array(repeating: 9, count: 5) + Array(repeating: 10, count: 5))
        #expect(try Self.work(store, plan).reduce(0, +) == 95)
    }
}
