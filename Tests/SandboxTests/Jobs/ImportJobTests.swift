import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox imports")
struct ImportJobTests {
    private static func skuInputs(_ range: ClosedRange<Int>, categoryID: String, suffix: String = "") -> JSONValue {
        .array(
            range.map { index in
                [
                    "code": .string(JobFixtures.code(index)), "name": .string("Shirt \(index)\(suffix)"),
                    "shipping_category_id": .string(categoryID),
                ]
            })
    }

    private static func categoryID(_ harness: JobsHarness, _ environment: SandboxEnvironment = .test) async throws
        -> String
    {
        try #require(try await harness.server.records("shipping_categories", in: environment).first?.id)
    }

    @Test("a second import of the same inputs creates nothing new and updates changed values")
    func upsertByCode() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            let category = try await Self.categoryID(harness)
            let first = try await harness.run(
                "imports", ["resource_type": "skus", "inputs": Self.skuInputs(1...4, categoryID: category)])
            #expect(first.attributes?["status"] == "completed")
            #expect(first.attributes?["processed_count"] == 4)
            #expect(first.attributes?["inputs_size"] == 4)
            #expect(first.attributes?["inputs"] == nil)
            #expect(try await harness.server.count("skus", in: .test) == 4)
            let second = try await harness.run(
                "imports",
                ["resource_type": "skus", "inputs": Self.skuInputs(1...4, categoryID: category, suffix: " v2")])
            #expect(second.attributes?["status"] == "completed")
            #expect(second.attributes?["errors_count"] == 0)
            let skus = try await harness.server.records("skus", in: .test)
            #expect(skus.count == 4)
            #expect(skus.allSatisfy { $0.attributes["name"]?.stringValue?.hasSuffix(" v2") == true })
        }
    }

    @Test("parent_resource_id, sku_code and nested price_tiers")
    func pricesWithTiers() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 2), into: .test)
            let list = try #require(try await harness.server.records("price_lists", in: .test).first)
            let inputs: JSONValue = [
                [
                    "sku_code": "SKU-01", "amount_cents": 999,
                    "price_tiers": [
                        ["type": "PriceVolumeTier", "name": "bulk", "up_to": 100, "price_amount_cents": 700]
                    ],
                ],
                ["sku_code": "SKU-02", "amount_cents": 1999, "unknown_key": "x"],
            ]
            let done = try await harness.run(
                "imports", ["resource_type": "prices", "parent_resource_id": .string(list.id), "inputs": inputs])
            #expect(done.attributes?["status"] == "completed")
            #expect(done.attributes?["processed_count"] == 2)
            #expect(done.attributes?["warnings_count"] == 1)
            #expect(done.attributes?["warnings_log"]?["SKU-02"] != nil)
            let prices = try await harness.server.records("prices", in: .test)
            #expect(prices.count == 2)
            let first = try #require(prices.first { $0.attributes["sku_code"] == "SKU-01" })
            #expect(first.attributes["amount_cents"] == 999)
            #expect(first.relatedID("price_list") == list.id)
            let tiers = try await harness.server.records("price_volume_tiers", in: .test)
                .filter { $0.relatedID("price") == first.id }
            #expect(Set(tiers.compactMap { $0.attributes["name"]?.stringValue }) == ["small", "large", "bulk"])
        }
    }

    @Test("20 % bad rows interrupt the import and errors_log names each; skip_errors imports the good rows")
    func errorThreshold() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            let category = try await Self.categoryID(harness)
            var rows = Self.skuInputs(11...18, categoryID: category).arrayValue ?? []
            rows.insert(["code": "BAD-1", "shipping_category_id": .string(category)], at: 2)
            rows.insert(["code": "BAD-2", "name": "No category", "shipping_category_id": "missing"], at: 7)
            let interrupted = try await harness.run("imports", ["resource_type": "skus", "inputs": .array(rows)])
            #expect(interrupted.attributes?["status"] == "interrupted")
            #expect(interrupted.attributes?["errors_count"] == 2)
            let log = try #require(interrupted.attributes?["errors_log"])
            #expect(log["BAD-1"]?["name"] == ["can't be blank"])
            #expect(log["BAD-2"]?["shipping_category"] == ["must exist"])
            #expect(interrupted.attributes?["interrupted_at"]?.stringValue != nil)

            let skipped = try await harness.run(
                "imports", ["resource_type": "skus", "inputs": .array(rows), "skip_errors": true])
            #expect(skipped.attributes?["status"] == "completed")
            #expect(skipped.attributes?["errors_count"] == 2)
            #expect(skipped.attributes?["processed_count"] == 8)
            #expect(try await harness.server.count("skus", in: .test) == 9)
        }
    }

    @Test("more inputs than the maximum are refused at creation; only importable types are accepted")
    func inputCap() async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.limits.importMaxInputs = 2_000 }) { harness in
            let inputs = JSONValue.array((0...2_000).map { ["code": .string("C\($0)")] })
            let reply = try await harness.create("imports", ["resource_type": "skus", "inputs": inputs])
            #expect(reply.status == 422)
            #expect(reply.firstError?["source"]?["pointer"] == "/data/attributes/inputs_size")
            #expect(reply.firstError?["code"] == "VALIDATION_ERROR")
            #expect(reply.firstError?["meta"]?["error"] == "less_than_or_equal_to")
            #expect(reply.firstError?["meta"]?["value"] == 2_001)
            #expect(reply.firstError?["meta"]?["count"] == 2_000)
            let markets = try await harness.create("imports", ["resource_type": "markets", "inputs": [["name": "x"]]])
            #expect(markets.status == 422)
            #expect(SandboxConfiguration().limits.importMaxInputs == 10_000)
        }
    }

    @Test("csv inputs are one string, converted to the attributes' kinds")
    func csvInputs() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            let category = try await Self.categoryID(harness)
            let csv =
                "code,name,pieces_per_pack,do_not_ship,shipping_category_id\n"
                + "CSV-1,\"Shirt, blue\",6,false,\(category)\nCSV-2,Cap,,true,\(category)\n"
            let done = try await harness.run(
                "imports", ["resource_type": "skus", "format": "csv", "inputs": .string(csv)])
            #expect(done.attributes?["status"] == "completed")
            let skus = try await harness.server.records("skus", in: .test)
            let blue = try #require(skus.first { $0.attributes["code"] == "CSV-1" })
            #expect(blue.attributes["name"] == "Shirt, blue")
            #expect(blue.attributes["pieces_per_pack"] == 6)
            #expect(blue.attributes["do_not_ship"] == false)
            let text = try await harness.attachmentText(done)
            #expect(text == csv)
        }
    }

    @Test("ten jobs run at once; an eleventh is refused, or queued with the queue switch")
    func concurrentJobs() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            let category = try await Self.categoryID(harness)
            let replies = try await withThrowingTaskGroup(of: JobsHarness.Reply.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await harness.run(
                            "imports",
                            [
                                "resource_type": "skus", "reference": .string("load-\(index)"),
                                "inputs": Self.skuInputs((index * 5 + 10)...(index * 5 + 14), categoryID: category),
                            ])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.count == 10)
            #expect(replies.allSatisfy { $0.attributes?["status"] == "completed" })
            #expect(try await harness.server.count("skus", in: .test) == 51)
            let listed = try await harness.send(.GET, "/imports?filter[q][reference_start]=load-&page[size]=25")
            #expect(listed.data?.arrayValue?.count == 10)

            harness.server.setJobSpeed(try JobSpeed.parse("latency=3600s"))
            for _ in 0..<10 {
                let created = try await harness.create(
                    "imports", ["resource_type": "skus", "inputs": Self.skuInputs(1...1, categoryID: category)])
                #expect(created.status == 201)
            }
            let eleventh = try await harness.create(
                "imports", ["resource_type": "skus", "inputs": Self.skuInputs(1...1, categoryID: category)])
            #expect(eleventh.status == 422)
        }
        let queueing = try JobsHarness.configuration { configuration in
            configuration.limits.jobCapBehaviour = .queue
            configuration.conditions.jobSpeed = try JobSpeed.parse("latency=3600s")
        }
        try await JobsHarness.with(queueing) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            for _ in 0..<11 {
                let created = try await harness.create("exports", ["resource_type": "skus"])
                #expect(created.status == 201)
                #expect(created.attributes?["status"] == "pending")
            }
        }
    }

    @Test("the job_fail fault interrupts imports")
    func jobFail() async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.conditions.jobFailureRate = 1 }) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            let category = try await Self.categoryID(harness)
            let reply = try await harness.run(
                "imports", ["resource_type": "skus", "inputs": Self.skuInputs(1...4, categoryID: category)])
            #expect(reply.attributes?["status"] == "interrupted")
        }
    }
}
