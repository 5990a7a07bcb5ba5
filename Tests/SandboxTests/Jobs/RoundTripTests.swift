import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox job round trip and cleanups")
struct RoundTripTests {
    @Test("an export fed unchanged into an import of another environment reproduces the records")
    func exportThenImport() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 3), into: .test)
            let parents = JobFixtures.catalog(skus: 3, prices: false)
            var liveParents = parents
            liveParents.groups.append(
                SeedDataset.Group(
                    type: "price_lists",
                    records: [.init(key: "pl", attributes: ["name": "EU", "code": "PL-EUR", "currency_code": "EUR"])]))
            try await harness.server.seed(liveParents, into: .live)
            let live = try await harness.fetchToken(.live)
            let liveList = try #require(try await harness.server.records("price_lists", in: .live).first)

            let export = try await harness.run(
                "exports", ["resource_type": "prices", "dry_data": true, "includes": ["price_tiers"]])
            let text = try await harness.attachmentText(export)
            // An export's tiers carry no `type`; an import takes each in its class form.
            let rows = try #require(try JSONValue.parse(text).arrayValue).map { row -> JSONValue in
                guard var price = row.objectValue, let tiers = price["price_tiers"]?.arrayValue else { return row }
                price["price_tiers"] = .array(
                    tiers.map { tier in
                        var tier = tier.objectValue ?? [:]
                        tier["type"] = "PriceVolumeTier"
                        return .object(tier)
                    })
                return .object(price)
            }
            let imported = try await harness.run(
                "imports",
                ["resource_type": "prices", "parent_resource_id": .string(liveList.id), "inputs": .array(rows)],
                token: live)
            #expect(imported.attributes?["status"] == "completed")
            #expect(imported.attributes?["errors_count"] == 0)
            #expect(imported.attributes?["processed_count"] == 3)

            func summary(_ environment: SandboxEnvironment) async throws -> Set<String> {
                let prices = try await harness.server.records("prices", in: environment)
                let tiers = try await harness.server.records("price_volume_tiers", in: environment)
                return Set(
                    prices.map { price in
                        let own = tiers.filter { $0.relatedID("price") == price.id }
                            .map {
                                "\($0.attributes["name"]?.stringValue ?? "")=\($0.attributes["price_amount_cents"]?.intValue ?? -1)"
                            }
                            .sorted()
                        return
                            "\(price.attributes["sku_code"]?.stringValue ?? "")|\(price.attributes["amount_cents"]?.intValue ?? -1)|\(own)"
                    })
            }
            let source = try await summary(.test)
            #expect(source.count == 3)
            #expect(try await summary(.live) == source)

            // Again: prices match by their documented key (sku_code + price list); nested tiers
            // have none, so each is a new record that the tier's own uniqueness refuses, and
            // nothing is duplicated.
            let again = try await harness.run(
                "imports",
                [
                    "resource_type": "prices", "parent_resource_id": .string(liveList.id), "inputs": .array(rows),
                    "skip_errors": true,
                ],
                token: live)
            #expect(again.attributes?["status"] == "completed")
            #expect(try await harness.server.count("prices", in: .live) == 3)
            #expect(try await harness.server.count("price_volume_tiers", in: .live) == 4)
        }
    }

    @Test("a cleanup deletes the matching records and counts them")
    func cleanup() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 12, prices: false), into: .test)
            let done = try await harness.run(
                "cleanups", ["resource_type": "skus", "filters": ["code_start": "SKU-0"], "reference": "tidy"])
            #expect(done.attributes?["status"] == "completed")
            #expect(done.attributes?["records_count"] == 9)
            #expect(done.attributes?["processed_count"] == 9)
            #expect(done.attributes?["errors_log"] == [:])
            let left = try await harness.server.records("skus", in: .test).compactMap {
                $0.attributes["code"]?.stringValue
            }
            #expect(Set(left) == ["SKU-10", "SKU-11", "SKU-12"])
        }
    }

    @Test("job speed parses presets and explicit settings, and rejects bad parts")
    func speedParsing() throws {
        #expect(try JobSpeed.parse("") == .instant)
        #expect(try JobSpeed.parse("realistic") == .realistic)
        let explicit = try JobSpeed.parse("latency=2s,export_rps=500,import_rps=200")
        #expect(explicit.startLatency == 2)
        #expect(explicit.exportRecordsPerSecond == 500)
        #expect(explicit.importRecordsPerSecond == 200)
        #expect(explicit.duration(of: .exports, records: 1000) == 2)
        #expect(try JobSpeed.parse("latency=250ms").startLatency == 0.25)
        #expect(throws: JobSpeedError.self) { try JobSpeed.parse("latency=soon") }
        #expect(throws: JobSpeedError.self) { try JobSpeed.parse("export_rps=0") }
        #expect(throws: JobSpeedError.self) { try JobSpeed.parse("warp=9") }
    }
}

@Suite("Sandbox job switches")
struct JobSwitchTests {
    @Test("job_fail is split out of a faults text")
    func jobFailSwitch() throws {
        let split = try JobFailureSwitch.split("http500=0.1,job_fail=0.25,latency=5ms")
        #expect(split.rate == 0.25)
        #expect(split.rest == "http500=0.1,latency=5ms")
        #expect(try JobFailureSwitch.split("none").rate == 0)
        #expect(throws: JobFailureSwitchError.self) { try JobFailureSwitch.split("job_fail=2") }
    }
}
