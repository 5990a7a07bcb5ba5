import ResourceCatalog
import Sandbox
import Testing

/// Tags given with an imported record: by id or by name, set as the record's tags; an unknown
/// one rejects the input; ignored when the sandbox plays an API that does not take them.
@Suite("Sandbox imports with tags")
struct ImportTagsTests {
    private static func dataset() -> SeedDataset {
        var dataset = JobFixtures.catalog(skus: 1, prices: false)
        dataset.groups.insert(
            SeedDataset.Group(
                type: "tags",
                records: [
                    .init(key: "sale", attributes: ["name": "sale"]), .init(key: "new", attributes: ["name": "new"]),
                ]
            ), at: 0)
        return dataset
    }

    /// Seeds `dataset()`; returns the shipping category's id and the two tags' ids.
    private static func seeded(_ harness: JobsHarness) async throws -> (category: String, sale: String, new: String) {
        try await harness.server.seed(dataset(), into: .test)
        let category = try #require(try await harness.server.records("shipping_categories", in: .test).first?.id)
        let tags = try await harness.server.records("tags", in: .test)
        let sale = try #require(tags.first { $0.attributes["name"] == "sale" }?.id)
        let new = try #require(tags.first { $0.attributes["name"] == "new" }?.id)
        return (category, sale, new)
    }

    private static func tagIDs(_ record: StoredRecord) -> Set<String> {
        Set(record.relationships["tags"]?.refs.map(\.id) ?? [])
    }

    @Test("tags by id and by name are set; an unknown tag is an error of that input", arguments: [true, false])
    func tagsSet(setsTags: Bool) async throws {
        let configuration = JobsHarness.configuration { $0.behaviours.importsSetTags = setsTags }
        try await JobsHarness.with(configuration) { harness in
            let (category, sale, new) = try await Self.seeded(harness)
            let inputs: JSONValue = [
                [
                    "code": "TAG-1", "name": "By id", "shipping_category_id": .string(category),
                    "tags": [["id": .string(sale)], ["id": .string(new)]],
                ],
                [
                    "code": "TAG-2", "name": "By name", "shipping_category_id": .string(category),
                    "tags": [["name": "new"]],
                ],
                [
                    "code": "TAG-3", "name": "Unknown", "shipping_category_id": .string(category),
                    "tags": [["id": "nope"]],
                ],
            ]
            let done = try await harness.run(
                "imports", ["resource_type": "skus", "inputs": inputs, "skip_errors": true])
            #expect(done.attributes?["status"] == "completed")
            let skus = try await harness.server.records("skus", in: .test)
            let byCode = Dictionary(
                skus.compactMap { record in record.attributes["code"]?.stringValue.map { ($0, record) } },
                uniquingKeysWith: { first, _ in first })
            if setsTags {
                #expect(done.attributes?["errors_count"] == 1)
                #expect(done.attributes?["errors_log"]?["TAG-3"]?["tags"] == ["must exist"])
                #expect(try Self.tagIDs(#require(byCode["TAG-1"])) == [sale, new])
                #expect(try Self.tagIDs(#require(byCode["TAG-2"])) == [new])
                #expect(byCode["TAG-3"] == nil)
                // An empty set clears the tags, stored as no set (as a record never tagged).
                let cleared = try await harness.run(
                    "imports",
                    [
                        "resource_type": "skus",
                        "inputs": [["code": "TAG-2", "name": "By name", "tags": []]],
                    ])
                #expect(cleared.attributes?["errors_count"] == 0)
                let again = try await harness.server.records("skus", in: .test).first {
                    $0.attributes["code"] == "TAG-2"
                }
                #expect(again != nil && again?.relationships["tags"] == nil)
            } else {
                #expect(done.attributes?["errors_count"] == 0)
                #expect(done.attributes?["warnings_count"] == 0)
                for code in ["TAG-1", "TAG-2", "TAG-3"] {
                    #expect(try Self.tagIDs(#require(byCode[code])).isEmpty, "\(code)")
                }
            }
        }
    }

    /// `_add_tags` / `_remove_tags`, comma-separated names, as Commerce Layer's dashboard import
    /// templates send them: names of no tag and duplicates are discarded, not refused.
    @Test("_add_tags and _remove_tags set tags by name; unknown names are discarded", arguments: [true, false])
    func tagTriggers(setsTags: Bool) async throws {
        let configuration = JobsHarness.configuration { $0.behaviours.importsSetTags = setsTags }
        try await JobsHarness.with(configuration) { harness in
            let (category, sale, new) = try await Self.seeded(harness)
            let created = try await harness.run(
                "imports",
                [
                    "resource_type": "skus",
                    "inputs": [
                        [
                            "code": "TRIG-1", "name": "Triggers", "shipping_category_id": .string(category),
                            "_add_tags": "sale,new,nope,sale",
                        ]
                    ],
                ])
            #expect(created.attributes?["errors_count"] == 0)
            #expect(created.attributes?["warnings_count"] == 0)
            let updated = try await harness.run(
                "imports",
                ["resource_type": "skus", "inputs": [["code": "TRIG-1", "name": "Triggers", "_remove_tags": "sale"]]])
            #expect(updated.attributes?["errors_count"] == 0)
            let sku = try #require(
                try await harness.server.records("skus", in: .test).first { $0.attributes["code"] == "TRIG-1" })
            #expect(Self.tagIDs(sku) == (setsTags ? [new] : []))
            #expect(!Self.tagIDs(sku).contains(sale))
            #expect(sku.attributes["_add_tags"] == nil && sku.attributes["_remove_tags"] == nil)
        }
    }
}
