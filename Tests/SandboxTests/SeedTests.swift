import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox seeding")
struct SeedTests {
    @Test("the demo store is deterministic and loads through validation")
    func demo() async throws {
        let dataset = DemoStoreGenerator(scale: 1).dataset()
        #expect(dataset == DemoStoreGenerator(scale: 1).dataset())
        #expect((200...800).contains(dataset.recordCount))
        #expect(DemoStoreGenerator(scale: 100).dataset().recordCount > 20_000)
        try await SandboxHarness.with { harness in
            try await harness.server.seedDemo(scale: 1, into: .live)
            #expect(try await harness.server.count("skus", in: .live) == 50)
            // 50 per market, and 10 in the outlet list (no code, no reference).
            #expect(try await harness.server.count("prices", in: .live) == 110)
            #expect(try await harness.server.count("skus", in: .test) == 0)
            let markets = try await harness.server.records("markets", in: .live)
            #expect(markets.count == 2)
            #expect(markets.allSatisfy { $0.relatedID("default_shipping_method") != nil })
            let customers = try await harness.server.records("customer_addresses", in: .live)
            #expect(customers.allSatisfy { $0.attributes["customer_email"]?.stringValue?.contains("@") == true })
        }
    }

    @Test("a dataset file round-trips and a bad record is reported by key")
    func datasetFormat() async throws {
        let json: JSONValue = [
            "format": .string(SeedDataset.formatTag),
            "resources": [
                [
                    "type": "shipping_categories",
                    "records": [["key": "sc", "attributes": ["name": "Std", "code": "STD"]]],
                ],
                [
                    "type": "skus",
                    "records": [
                        [
                            "key": "a", "attributes": ["code": "A", "name": "A"],
                            "relationships": ["shipping_category": "sc"],
                        ],
                        ["key": "b", "attributes": ["name": "B"], "relationships": ["shipping_category": "sc"]],
                    ],
                ],
            ],
        ]
        let dataset = try SeedDataset.parse(json)
        #expect(try SeedDataset.parse(dataset.json) == dataset)
        try await SandboxHarness.with { harness in
            var message = ""
            do {
                try await harness.server.seed(dataset, into: .test)
            } catch {
                message = "\(error)"
            }
            #expect(message.contains("record b") && message.contains("/data/attributes/code"))
            let count = try await harness.server.count("skus", in: .test)
            #expect(count == 0)  // the failing group is rolled back
        }
    }
}
