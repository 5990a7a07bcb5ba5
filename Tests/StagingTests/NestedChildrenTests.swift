import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: children nested in their parent's import inputs")
struct NestedChildrenTests {
    static let tiers: JSONValue = [
        [
            "name": "ten", "up_to": 10, "price_amount_cents": 800, "created_at": "2026-01-01",
            "price": ["price_list": ["code": "EUR"], "sku": ["code": "TS-M"]],
        ],
        [
            "name": "twenty", "up_to": 20, "price_amount_cents": 700,
            "price": ["price_list": ["code": "EUR"], "sku": ["code": "TS-M"]],
        ],
        [
            "name": "orphan", "up_to": 5, "price_amount_cents": 1,
            "price": ["price_list": ["code": "GBP"], "sku": ["code": "X"]],
        ],
    ]
    static let children = NestedChildren(type: "price_volume_tiers", relation: "price", key: "price_tiers")

    /// Price lists, prices and tiers staged; price lists known in the target.
    func store() throws -> StagingStore {
        let store = try StagingFixtures.pricesStore()
        try store.loader.load(records: Self.tiers.arrayValue ?? [], type: "price_volume_tiers", name: "tiers-page-1")
        let lists = try store.identities.stagedIdentities(type: "price_lists")
        try store.identities.recordTargetIDs(lists.map { ($0, "tgtPL-\($0)") }, type: "price_lists")
        return store
    }

    /// The payload of the chunk holding the TS-M price (under the EUR list).
    func mediumPayload(_ store: StagingStore) throws -> ImportPayload {
        let payloads = try store.chunks.planChunks(type: "prices", size: 100).map {
            try store.chunks.readChunk($0, nested: [Self.children])
        }
        return try #require(payloads.first { $0.inputsJSON.contains("TS-M") })
    }

    func tierRecordIDs(_ store: StagingStore) throws -> [Int64] {
        try store.writer.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM records WHERE type = 'price_volume_tiers' ORDER BY id LIMIT 2")
        }
    }

    @Test(
        "an input that creates its price carries the staged tiers, typed by class name and reduced, instead of the body's"
    )
    func nestedInCreates() throws {
        let store = try store()
        let payload = try mediumPayload(store)
        let inputs = try #require(JSONValue.parse(payload.inputsJSON).arrayValue)
        let medium = try #require(inputs.first { $0["sku_code"] == "TS-M" })
        #expect(
            medium["price_tiers"]
                == [
                    ["type": "PriceVolumeTier", "name": "ten", "up_to": 10, "price_amount_cents": 800],
                    ["type": "PriceVolumeTier", "name": "twenty", "up_to": 20, "price_amount_cents": 700],
                ])
        let mediumIndex = try #require(inputs.firstIndex { $0["sku_code"] == "TS-M" })
        let mediumRecord = payload.recordIDs[mediumIndex]
        #expect(
            payload.nested[mediumRecord]?.map(\.recordID) == (try tierRecordIDs(store)))
        #expect(inputs.filter { $0["price_tiers"] != nil }.count == 1)
    }

    @Test("an input that updates a price the target holds carries no tiers")
    func notInUpdates() throws {
        let store = try store()
        let identity = try #require(
            try store.writer.read { db in
                try String.fetchOne(
                    db, sql: "SELECT identity FROM records WHERE type = 'prices' AND body LIKE '%TS-M%'")
            })
        try store.identities.recordTargetIDs([(identity, "tgtPrice1")], type: "prices")
        let payload = try mediumPayload(store)
        let inputs = try #require(JSONValue.parse(payload.inputsJSON).arrayValue)
        #expect(inputs.allSatisfy { $0["price_tiers"] == nil })
        #expect(payload.nested.isEmpty)
    }

    @Test("tiers sent with a price are created unless the price was rejected")
    func outcomes() throws {
        let store = try store()
        let payload = try mediumPayload(store)
        let parent = try #require(payload.nested.keys.first)
        try store.outcomes.recordOutcome(recordID: parent, type: "prices", .rejected, reason: "amount_cents: invalid")
        try store.outcomes.recordNestedCreated(payload)
        #expect(try store.outcomes.outcomeCounts(type: "price_volume_tiers")[.created] == nil)

        try store.outcomes.recordOutcome(recordID: parent, type: "prices", .created)
        try store.outcomes.recordNestedCreated(payload)
        try store.outcomes.recordNestedCreated(payload)
        #expect(try store.outcomes.outcomeCounts(type: "price_volume_tiers")[.created] == 2)
    }
}
