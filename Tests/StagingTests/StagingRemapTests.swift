import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: transforms, remap, chunks and harvest")
struct StagingRemapTests {
    @Test("code-style references, parent grouping and stripped inputs")
    func codeReferencesAndParentGrouping() throws {
        let store = try StagingFixtures.pricesStore()
        try store.identities.recordTargetIDs([("code=EUR", "tgtEUR")], type: "price_lists")
        let report = try store.remapper.remap(type: "prices", policy: .skip)
        #expect(report.records == 4 && report.ready == 2)
        let chunks = try store.chunks.planChunks(type: "prices", size: 10)
        #expect(chunks.count == 1)
        #expect(chunks.first?.parentResourceID == "tgtEUR")
        let payload = try store.chunks.readChunk(try #require(chunks.first))
        let inputs = try #require(JSONValue.parse(payload.inputsJSON).arrayValue)
        #expect(
            inputs == [
                [
                    "sku_code": "TS-M", "amount_cents": 1000,
                    "price_tiers": [["name": "five", "up_to": 5, "price_amount_cents": 900]],
                ],
                ["sku_code": "TS-L", "amount_cents": 2000],
            ])
    }

    @Test("composite parents resolve through the id map when there is no code-style attribute")
    func mappedIDs() throws {
        let store = try StagingStore.inMemory()
        try store.loader.load(
            bytes: Array(#"[{"name":"VIP","manual":true,"customer":{"email":"a@example.com"}}]"#.utf8),
            type: "sku_lists", name: "lists.json", gzipped: false)
        try store.identities.recordTargetIDs([("email=a@example.com", "tgtCustomer")], type: "customers")
        #expect(try store.remapper.remap(type: "sku_lists", policy: .fail).missing.isEmpty)
        let chunk = try #require(try store.chunks.planChunks(type: "sku_lists", size: 5).first)
        #expect(chunk.parentResourceID == nil)
        let inputs = try JSONValue.parse(store.chunks.readChunk(chunk).inputsJSON)
        #expect(inputs == [["name": "VIP", "manual": true, "customer_id": "tgtCustomer"]])
        // Items of that list: composite identity (sku_list, sku), code-style sku, list by target id.
        let listIdentity = try #require(try store.identities.stagedIdentities(type: "sku_lists").first)
        try store.identities.recordTargetIDs([(listIdentity, "tgtList")], type: "sku_lists")
        try store.loader.load(
            bytes: Array(#"[{"quantity":2,"sku_list":{"name":"VIP","manual":true},"sku":{"code":"TS-M"}}]"#.utf8),
            type: "sku_list_items", name: "items.json", gzipped: false)
        #expect(
            try store.identities.stagedIdentities(type: "sku_list_items") == [
                "sku_list=[\(listIdentity)]|sku=[code=TS-M]"
            ])
        try store.remapper.remap(type: "sku_list_items", policy: .fail)
        let itemChunk = try #require(try store.chunks.planChunks(type: "sku_list_items", size: 5).first)
        #expect(itemChunk.parentResourceID == "tgtList")
        #expect(
            try JSONValue.parse(store.chunks.readChunk(itemChunk).inputsJSON) == [["quantity": 2, "sku_code": "TS-M"]])
    }

    @Test("missing parents under fail: an error listing them, findings recorded")
    func missingUnderFail() throws {
        let store = try StagingFixtures.pricesStore()
        try store.identities.recordTargetIDs([("code=EUR", "tgtEUR")], type: "price_lists")
        let error = #expect(throws: StagingError.self) { try store.remapper.remap(type: "prices", policy: .fail) }
        guard case .unresolvedReferences(let type, let count, let examples) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(type == "prices" && count == 2)
        #expect(examples.map(\.parentIdentity) == ["code=USD", nil])
        #expect(examples.allSatisfy { $0.relation == "price_list" && $0.action == .failed })
        #expect(try store.remapper.missingReferences(type: "prices").count == 2)
    }

    @Test("missing parents under skip and null: records skipped, or written without the reference")
    func missingUnderSkipAndNull() throws {
        let store = try StagingFixtures.pricesStore()
        try store.identities.recordTargetIDs([("code=EUR", "tgtEUR")], type: "price_lists")
        // price_list is required: null behaves as skip.
        let nulled = try store.remapper.remap(type: "prices", policy: .null)
        #expect(nulled.missing.map(\.action) == [.skipped, .skipped])
        #expect(nulled.ready == 2)
        #expect(try store.outcomes.outcomeCounts(type: "prices") == [.skipped: 2])

        // An optional relationship under null: the record is kept without it.
        try store.loader.load(
            bytes: Array(#"[{"name":"VIP","customer":{"email":"nobody@example.com"}}]"#.utf8),
            type: "sku_lists", name: "lists.json", gzipped: false)
        let report = try store.remapper.remap(type: "sku_lists", policy: .null)
        #expect(report.missing.map(\.action) == [.nulled])
        #expect(report.missing.first?.parentIdentity == "email=nobody@example.com")
        let chunk = try #require(try store.chunks.planChunks(type: "sku_lists", size: 5).first)
        #expect(try JSONValue.parse(store.chunks.readChunk(chunk).inputsJSON) == [["name": "VIP"]])
        // Under skip, the same record is left out.
        let skipped = try store.remapper.remap(type: "sku_lists", policy: .skip)
        #expect(skipped.ready == 0 && skipped.missing.map(\.action) == [.skipped])
    }

    @Test("transforms: set, drop, rename, map, mask; applied once")
    func transforms() throws {
        let store = try StagingStore.inMemory()
        try store.loader.load(
            bytes: Array(
                #"""
                [{"email":"a@shop.com","business":false,"first_name":"Ann","last_name":"Lee","metadata":{"tier":"gold"}},
                 {"email":"b@shop.com","first_name":"Bob","last_name":"Lee","metadata":{"tier":"silver"}}]
                """#.utf8), type: "addresses", name: "a.json", gzipped: false)
        let transforms: [Transform] = [
            .set(field: "metadata.source", value: "test"),
            .drop(field: "business"),
            .map(field: "metadata.tier", values: ["gold": "premium"]),
            .rename(from: "metadata.tier", to: "metadata.level"),
            .mask(field: "email", kind: .email),
            .mask(field: "last_name", kind: .lastName),
        ]
        let results = try store.loader.apply(transforms, to: "addresses")
        #expect(results.map(\.recordsChanged) == [2, 1, 1, 2, 2, 2])
        #expect(try store.loader.apply(transforms, to: "addresses").allSatisfy(\.alreadyApplied))
        let bodies = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM records ORDER BY id").map { try JSONValue.parse($0) }
        }
        #expect(bodies[0]["metadata"] == ["source": "test", "level": "premium"])
        #expect(bodies[1]["metadata"] == ["source": "test", "level": "silver"])
        #expect(bodies[0]["business"] == nil)
        #expect(bodies[0]["email"]?.stringValue == MaskFaker.fake(.email, for: "a@shop.com"))
        #expect(bodies[0]["email"] != bodies[1]["email"])
        #expect(bodies[0]["last_name"] == bodies[1]["last_name"], "equal inputs give equal fakes")
        #expect(bodies[0]["first_name"] == "Ann")
        #expect(throws: StagingError.self) { try store.loader.apply([.drop(field: "nope")], to: "addresses") }
    }

    @Test("harvest maps errors_log entries back to records by code")
    func harvest() throws {
        let store = try StagingStore.inMemory()
        try store.loader.load(
            bytes: Array(
                #"""
                [{"code":"A","name":"a","shipping_category":{"code":"STD"}},{"code":"B","name":"b","shipping_category_id":"s1"},
                 {"code":"C","name":"c","shipping_category":{"code":"STD"}}]
                """#.utf8),
            type: "skus", name: "skus.json", gzipped: false)
        try store.loader.load(
            records: [["id": "s1", "code": "STD", "name": "Standard"]], type: "shipping_categories", name: "sc")
        try store.identities.recordTargetIDs([("code=STD", "tgtSTD")], type: "shipping_categories")
        #expect(try store.remapper.remap(type: "skus", policy: .fail).ready == 3)
        let chunk = try #require(try store.chunks.planChunks(type: "skus", size: 2).first)
        #expect(chunk.size == 2)
        let result = try store.outcomes.harvest(
            chunk: chunk,
            errorsLog: [
                "B": ["shipping_category": ["must exist"]], "unknown": ["base": ["boom"]], "Z": ["code": ["x"]],
            ])
        #expect(result.rejected.map(\.identity) == ["code=B"])
        #expect(result.rejected.first?.reason == "shipping_category: must exist")
        #expect(result.unattributed == ["Z: code: x", "unknown: base: boom"])
        try store.outcomes.recordChunkImported(chunk)
        #expect(try store.outcomes.outcomeCounts(type: "skus") == [.created: 1, .rejected: 1])
        #expect(try store.outcomes.rejectedRecords(type: "skus").map(\.identity) == ["code=B"])
    }

    @Test("an errors_log key that names several inputs of the chunk is unattributed, pinned on none")
    func collidingKey() throws {
        let store = try StagingStore.inMemory()
        // One sku's prices in two price lists: both inputs carry sku_code SKU-1.
        try store.loader.load(
            bytes: Array(
                #"""
                [{"amount_cents":100,"price_list":{"code":"PL-A"},"sku":{"code":"SKU-1"},"sku_code":"SKU-1"},
                 {"amount_cents":200,"price_list":{"code":"PL-B"},"sku":{"code":"SKU-1"},"sku_code":"SKU-1"},
                 {"amount_cents":300,"price_list":{"code":"PL-B"},"sku":{"code":"SKU-2"},"sku_code":"SKU-2"}]
                """#.utf8),
            type: "prices", name: "prices.json", gzipped: false)
        try store.identities.recordTargetIDs([("code=PL-A", "tgtA"), ("code=PL-B", "tgtB")], type: "price_lists")
        try store.remapper.remap(type: "prices", policy: .fail)
        let chunk = try #require(try store.chunks.planChunks(type: "prices", size: 10).first)
        #expect(chunk.size == 3)
        let result = try store.outcomes.harvest(
            chunk: chunk,
            errorsLog: ["SKU-1": ["amount_cents": ["must be greater than 0"]], "SKU-2": ["base": ["boom"]]])
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.reason == "base: boom")
        #expect(result.unattributed.count == 1)
        let line = try #require(result.unattributed.first)
        #expect(line.hasPrefix("SKU-1: amount_cents: must be greater than 0 (the key names 2 inputs: "), "\(line)")
        try store.outcomes.recordChunkImported(chunk)
        #expect(try store.outcomes.outcomeCounts(type: "prices") == [.created: 2, .rejected: 1])
    }

    @Test("REST payloads carry attributes and relationships with target ids")
    func restPayloads() throws {
        let store = try StagingStore.inMemory()
        try store.loader.load(
            bytes: Array(#"[{"code":"EU","name":"Europe","price_list":{"code":"EUR"},"id":"src1"}]"#.utf8),
            type: "markets", name: "m.json", gzipped: false)
        try store.identities.recordTargetIDs([("code=EUR", "tgtEUR")], type: "price_lists")
        let payload = try #require(try store.chunks.restPayloads(type: "markets").first)
        let document = try JSONValue.parse(payload.documentJSON)
        #expect(document["data"]?["type"] == "markets")
        #expect(document["data"]?["attributes"]?["code"] == "EU")
        #expect(document["data"]?["attributes"]?["id"] == nil)
        #expect(document["data"]?["relationships"]?["price_list"] == ["data": ["type": "price_lists", "id": "tgtEUR"]])
    }
}
