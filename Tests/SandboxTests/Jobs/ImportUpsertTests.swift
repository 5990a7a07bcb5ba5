import ResourceCatalog
import Sandbox
import Testing

/// Imports match existing records only as Commerce Layer documents: by `id`, else by the type's
/// documented unique key; never by `reference`.
@Suite("Sandbox import upsert keys")
struct ImportUpsertTests {
    @Test("a type without a documented key gets a new record for every input without id, same reference or not")
    func noDocumentedKeyCreates() async throws {
        try await JobsHarness.with { harness in
            let inputs: JSONValue = [["name": "Summer", "reference": "list-1"]]
            for _ in 1...2 {
                let done = try await harness.run("imports", ["resource_type": "sku_lists", "inputs": inputs])
                #expect(done.attributes?["status"] == "completed")
            }
            let lists = try await harness.server.records("sku_lists", in: .test)
            #expect(lists.count == 2, "the second import matched by reference")
            // With the record's id, the input updates it.
            let first = try #require(lists.first)
            let update: JSONValue = [["id": .string(first.id), "name": "Winter"]]
            let updated = try await harness.run("imports", ["resource_type": "sku_lists", "inputs": update])
            #expect(updated.attributes?["status"] == "completed")
            let after = try await harness.server.records("sku_lists", in: .test)
            #expect(after.count == 2)
            #expect(after.first { $0.id == first.id }?.attributes["name"] == "Winter")
        }
    }

    @Test("a unique code that is not a documented import key is refused, not matched")
    func uniqueButNotAKey() async throws {
        try await JobsHarness.with { harness in
            let inputs: JSONValue = [["name": "Merchandise", "code": "MERCH"]]
            let first = try await harness.run("imports", ["resource_type": "shipping_categories", "inputs": inputs])
            #expect(first.attributes?["status"] == "completed")
            let second = try await harness.run(
                "imports", ["resource_type": "shipping_categories", "inputs": inputs, "skip_errors": true])
            #expect(second.attributes?["errors_count"] == 1)
            #expect(try await harness.server.count("shipping_categories", in: .test) == 1)
        }
    }

    @Test("the documented keys cover the types that have one, and nothing matches by reference")
    func documentedKeys() {
        #expect(ImportUpsertKey.documented["skus"] == [.attribute("code")])
        #expect(
            ImportUpsertKey.documented["coupons"] == [.attribute("code"), .parent(relationship: "promotion_rule")])
        #expect(ImportUpsertKey.documented["sku_lists"] == nil)
        #expect(ImportUpsertKey.documented["addresses"] == nil)
    }
}
