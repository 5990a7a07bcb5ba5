import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox exports")
struct ExportJobTests {
    @Test("an export of skus with includes and fields embeds the parent with the requested fields")
    func includesAndFields() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 3, prices: false), into: .test)
            let reply = try await harness.run(
                "exports",
                [
                    "resource_type": "skus", "includes": ["shipping_category"],
                    "fields": ["code", "name", "shipping_category_id", "shipping_category.code"],
                ])
            #expect(reply.attributes?["status"] == "completed")
            #expect(reply.attributes?["records_count"] == 3)
            #expect(reply.attributes?["processed_count"] == 3)
            #expect(reply.attributes?["progress"] == 100)
            #expect(reply.attributes?["started_at"]?.stringValue != nil)
            #expect(reply.attributes?["completed_at"]?.stringValue != nil)
            #expect(reply.data?["relationships"]?["events"]?["links"]?["related"]?.stringValue != nil)
            #expect(reply.data?["meta"]?["mode"] == "test")
            let rows = try await harness.exported(reply)
            #expect(rows.count == 3)
            let first = try #require(rows.first?.objectValue)
            #expect(Set(first.keys) == ["code", "name", "shipping_category_id", "shipping_category"])
            #expect(first["shipping_category"] == ["code": "SC-STD"])
            let categories = try await harness.server.records("shipping_categories", in: .test)
            #expect(first["shipping_category_id"] == .string(categories[0].id))
        }
    }

    @Test("without fields every exportable attribute appears, with id, timestamps and relation ids")
    func everyField() async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.behaviours.exportIncludes = .any }) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 2), into: .test)
            let reply = try await harness.run(
                "exports", ["resource_type": "prices", "includes": ["price_tiers", "sku.shipping_category"]])
            let rows = try await harness.exported(reply)
            let price = try #require(rows.first { $0["sku_code"] == "SKU-01" })
            #expect(price["id"]?.stringValue != nil)
            #expect(price["created_at"]?.stringValue != nil)
            #expect(price["price_list_id"]?.stringValue != nil)
            #expect(price["jwt_custom_claim"] == nil)
            #expect(price["processed_at"] == nil)
            #expect(price["price_tiers"]?.arrayValue?.count == 2)
            #expect(price["sku"]?["shipping_category"]?["code"] == "SC-STD")
            let other = try #require(rows.first { $0["sku_code"] == "SKU-02" })
            #expect(other["price_tiers"] == [])
        }
    }

    @Test("dry_data drops ids, timestamps and blanks; relation ids follow the switch", arguments: [false, true])
    func dryData(keepsRelationIDs: Bool) async throws {
        let configuration = JobsHarness.configuration { $0.behaviours.dryDataKeepsRelationIDs = keepsRelationIDs }
        try await JobsHarness.with(configuration) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 2, prices: false), into: .test)
            let reply = try await harness.run(
                "exports", ["resource_type": "skus", "dry_data": true, "includes": ["shipping_category"]])
            let rows = try await harness.exported(reply)
            #expect(rows.count == 2)
            for row in rows {
                let keys = Set(try #require(row.objectValue).keys)
                #expect(keys.isDisjoint(with: ["id", "created_at", "updated_at", "description", "metadata"]))
                #expect(keys.contains("code") && keys.contains("name"))
                #expect(keys.contains("shipping_category_id") == keepsRelationIDs)
                #expect(row["shipping_category"] == ["code": "SC-STD", "name": "Standard"])
            }
        }
    }

    @Test("dry_data drops false as a blank unless the switch keeps it; true stays", arguments: [false, true])
    func dryDataFalse(keepsFalse: Bool) async throws {
        let configuration = JobsHarness.configuration { $0.behaviours.dryDataKeepsFalse = keepsFalse }
        try await JobsHarness.with(configuration) { harness in
            for (code, taxIncluded) in [("PL-EUR", true), ("PL-USD", false)] {
                let created = try await harness.create(
                    "price_lists",
                    [
                        "name": .string(code), "code": .string(code), "currency_code": "EUR",
                        "tax_included": .bool(taxIncluded),
                    ])
                #expect(created.status == 201)
            }
            let dry = try await harness.exported(
                try await harness.run("exports", ["resource_type": "price_lists", "dry_data": true]))
            let byCode = Dictionary(uniqueKeysWithValues: dry.map { ($0["code"]?.stringValue ?? "", $0) })
            #expect(byCode["PL-EUR"]?["tax_included"] == true)
            #expect(byCode["PL-USD"]?["tax_included"] == (keepsFalse ? .bool(false) : nil))
            // Without dry_data, false is always written.
            let full = try await harness.exported(try await harness.run("exports", ["resource_type": "price_lists"]))
            #expect(full.contains { $0["code"] == "PL-USD" && $0["tax_included"] == false })
        }
    }

    @Test("includes the dashboard does not offer are refused under the whitelist, accepted under any")
    func includeWhitelist() async throws {
        for includes in [ExportIncludes.whitelist, .any] {
            try await JobsHarness.with(JobsHarness.configuration { $0.behaviours.exportIncludes = includes }) {
                harness in
                try await harness.server.seed(JobFixtures.catalog(skus: 2), into: .test)
                let offered = try await harness.create(
                    "exports", ["resource_type": "prices", "includes": ["sku", "price_tiers"]])
                #expect(offered.status == 201)
                let other = try await harness.create(
                    "exports", ["resource_type": "prices", "includes": ["price_list"]])
                #expect(other.status == (includes == .whitelist ? 422 : 201))
                if includes == .whitelist {
                    let error = other.json?["errors"]?.arrayValue?.first
                    #expect(error?["source"]?["pointer"] == "/data/attributes/includes")
                }
            }
        }
    }

    @Test("csv output has a header with relation.attr columns")
    func csv() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 2, prices: false), into: .test)
            let reply = try await harness.run(
                "exports",
                [
                    "resource_type": "skus", "format": "csv", "includes": ["shipping_category"],
                    "fields": ["code", "name", "shipping_category.code"],
                ])
            #expect(reply.attributes?["format"] == "csv")
            let lines = try await harness.attachmentText(reply).split(separator: "\n")
            #expect(lines.first == "code,name,shipping_category.code")
            #expect(Set(lines.dropFirst()) == ["SKU-01,Shirt 1,SC-STD", "SKU-02,Shirt 2,SC-STD"])
        }
    }

    @Test("filters select an id range and records_count is known at creation")
    func idRange() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 6, prices: false), into: .test)
            let ids = try await harness.server.records("skus", in: .test).map(\.id)
            let created = try await harness.create(
                "exports",
                ["resource_type": "skus", "filters": ["id_gt": .string(ids[1]), "id_lteq": .string(ids[4])]])
            #expect(created.status == 201)
            #expect(created.attributes?["records_count"] == 3)
            #expect(created.attributes?["status"] == "pending")
            let done = try await harness.wait("exports", try #require(created.id), until: ["completed"])
            let exported = try await harness.exported(done).compactMap { $0["id"]?.stringValue }
            #expect(exported == Array(ids[2...4]))
            let bad = try await harness.create("exports", ["resource_type": "skus", "filters": ["colour_eq": "red"]])
            #expect(bad.status == 422)
            #expect(bad.firstError?["source"]?["pointer"] == "/data/attributes/filters")
        }
    }

    @Test("too many records and no records are 422 with the documented meta", arguments: [5_000, 10])
    func recordCap(maximum: Int) async throws {
        #expect(SandboxConfiguration().limits.exportMaxRecords == 10_000)
        try await JobsHarness.with(JobsHarness.configuration { $0.limits.exportMaxRecords = maximum }) { harness in
            let skus = maximum + 1
            try await harness.server.seed(JobFixtures.catalog(skus: skus, prices: false), into: .test)
            let tooMany = try await harness.create("exports", ["resource_type": "skus"])
            #expect(tooMany.status == 422)
            #expect(tooMany.firstError?["meta"]?["error"] == "less_than_or_equal_to")
            #expect(tooMany.firstError?["meta"]?["count"] == .int(Int64(maximum)))
            let empty = try await harness.create(
                "exports", ["resource_type": "skus", "filters": ["code_start": "NOTHING"]])
            #expect(empty.status == 422)
            #expect(empty.firstError?["meta"]?["error"] == "greater_than")
        }
    }

    @Test("unknown and non-exportable types are refused; the legacy switch narrows the list")
    func exportableTypes() async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.behaviours.exportableTypes = .legacy }) { harness in
            let unknown = try await harness.create("exports", ["resource_type": "skuz"])
            #expect(unknown.status == 422)
            #expect(unknown.firstError?["source"]?["pointer"] == "/data/attributes/resource_type")
            let models = try await harness.create("exports", ["resource_type": "inventory_models"])
            #expect(models.status == 422)
        }
    }

    @Test("the attachment URL needs no token, expires after the TTL, and a re-GET gives a fresh one")
    func attachmentExpiry() async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.limits.attachmentTTL = 300 }) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            let done = try await harness.run("exports", ["resource_type": "skus"])
            let id = try #require(done.id)
            let url = try #require(done.attributes?["attachment_url"]?.stringValue)
            #expect(url.hasPrefix(harness.endpoint.baseURL + "/attachments/"))
            #expect(try await harness.download(url).status == 200)
            harness.server.clock.advance(by: 301)
            #expect(try await harness.download(url).status == 403)
            let again = try await harness.send(.GET, "/exports/\(id)", token: try await harness.fetchToken(.test))
            let fresh = try #require(again.attributes?["attachment_url"]?.stringValue)
            #expect(fresh != url)
            #expect(try await harness.download(fresh).status == 200)
            #expect(try await harness.download(fresh + "x").status == 403)
        }
    }

    @Test("_interrupt stops a pending export and _start runs it again")
    func interruptAndStart() async throws {
        let slow = try JobsHarness.configuration { $0.conditions.jobSpeed = try JobSpeed.parse("latency=3600s") }
        try await JobsHarness.with(slow) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 2, prices: false), into: .test)
            let created = try await harness.create("exports", ["resource_type": "skus"])
            let id = try #require(created.id)
            let interrupted = try await harness.update("exports", id, ["_interrupt": true])
            #expect(interrupted.status == 200)
            #expect(interrupted.attributes?["status"] == "interrupted")
            #expect(interrupted.attributes?["interrupted_at"]?.stringValue != nil)
            #expect(try await harness.update("exports", id, ["_interrupt": true]).status == 422)
            harness.server.setJobSpeed(.instant)
            let restarted = try await harness.update("exports", id, ["_start": true, "reference": "again"])
            #expect(restarted.status == 200)
            #expect(restarted.attributes?["reference"] == "again")
            let done = try await harness.wait("exports", id, until: ["completed"])
            #expect(done.attributes?["status"] == "completed")
            #expect(done.attributes?["interrupted_at"] == .null)
            #expect(try await harness.exported(done).count == 2)
        }
    }

    @Test("listing exports filters by reference and status; delete removes one")
    func listAndDelete() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 1, prices: false), into: .test)
            for reference in ["batch-1", "batch-2", "other"] {
                _ = try await harness.run("exports", ["resource_type": "skus", "reference": .string(reference)])
            }
            let batch = try await harness.send(.GET, "/exports?filter[q][reference_eq]=batch-2")
            #expect(batch.data?.arrayValue?.count == 1)
            let completed = try await harness.send(.GET, "/exports?filter[q][status_eq]=completed")
            #expect(completed.json?["meta"]?["record_count"] == 3)
            let id = try #require(batch.data?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await harness.send(.DELETE, "/exports/\(id)").status == 204)
            #expect(try await harness.send(.GET, "/exports/\(id)").status == 404)
            let live = try await harness.send(.GET, "/exports", token: try await harness.fetchToken(.live))
            #expect(live.data == [])
        }
    }

    @Test("the job_fail fault makes exports fail, deterministically for the seed")
    func jobFail() async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.conditions.jobFailureRate = 1 }) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 4, prices: false), into: .test)
            let failed = try await harness.run("exports", ["resource_type": "skus"])
            #expect(failed.attributes?["status"] == "failed")
            #expect(failed.attributes?["errors_log"]?["RuntimeError"]?.stringValue != nil)
            #expect(failed.attributes?["attachment_url"] == .null)
            #expect(failed.attributes?["processed_count"] == 2)
            harness.server.setJobFailures(rate: 0)
            #expect(try await harness.run("exports", ["resource_type": "skus"]).attributes?["status"] == "completed")
        }
    }
}
