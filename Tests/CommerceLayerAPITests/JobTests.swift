import Foundation
import ResourceCatalog
import Testing

@testable import CommerceLayerAPI

@Suite("Export and import jobs")
struct JobTests {
    static func exportJob(_ id: String, status: String, extra: [String: JSONValue] = [:]) -> JSONValue {
        var attributes: [String: JSONValue] = [
            "resource_type": "skus", "format": "json", "status": .string(status), "records_count": 3,
            "reference": "layerclone:r1:skus:0",
        ]
        attributes.merge(extra) { _, new in new }
        return FakeAPI.resource("exports", id, .object(attributes))
    }

    @Test("an export create sends every attribute it was given")
    func exportAttributes() async throws {
        let api = FakeAPI { _, _ in FakeAPI.json(201, ["data": Self.exportJob("e1", status: "pending")]) }
        let client = makeClient(api)
        var request = ExportRequest(resourceType: "skus")
        request.includes = ["prices.price_tiers"]
        request.fields = ["code", "prices.*"]
        request.filters = ["code_start": "TS"]
        request.dryData = true
        request.reference = "layerclone:r1:skus:0"
        request.referenceOrigin = "layerclone"
        request.metadata = ["run": "r1"]
        let job = try await client.createExport(request)
        #expect(job.id == "e1")
        #expect(job.status == .pending)
        let body = try #require(api.apiRequests.first?.bodyJSON)
        #expect(
            body["data"]?["attributes"]
                == [
                    "resource_type": "skus", "format": "json", "includes": ["prices.price_tiers"],
                    "fields": ["code", "prices.*"], "filters": ["code_start": "TS"], "dry_data": true,
                    "reference": "layerclone:r1:skus:0", "reference_origin": "layerclone", "metadata": ["run": "r1"],
                ])
    }

    @Test("an import create sends every attribute it was given")
    func importAttributes() async throws {
        let api = FakeAPI { _, _ in
            FakeAPI.json(
                201, ["data": FakeAPI.resource("imports", "i1", ["status": "pending", "resource_type": "prices"])])
        }
        let client = makeClient(api)
        var request = ImportRequest(resourceType: "prices", inputs: [["sku_code": "A", "amount_cents": 100]])
        request.parentResourceID = "pl1"
        request.skipErrors = true
        request.reference = "layerclone:r1:prices:0"
        request.referenceOrigin = "layerclone"
        let job = try await client.createImport(request)
        #expect(job.id == "i1")
        let body = try #require(api.apiRequests.first?.bodyJSON)
        #expect(
            body["data"]?["attributes"]
                == [
                    "resource_type": "prices", "format": "json", "parent_resource_id": "pl1",
                    "inputs": [["sku_code": "A", "amount_cents": 100]], "skip_errors": true,
                    "reference": "layerclone:r1:prices:0", "reference_origin": "layerclone",
                ])
    }

    @Test("inputs given as JSON text are sent as they are, in the same body as parsed inputs")
    func rawInputs() throws {
        let inputs = #"[{"sku_code":"A","amount_cents":100,"price_tiers":[{"type":"price_volume_tiers","up_to":5}]}]"#
        var raw = ImportRequest(resourceType: "prices", inputsJSON: inputs)
        var parsed = ImportRequest(resourceType: "prices", inputs: try JSONValue.parse(inputs).arrayValue ?? [])
        for index in [0, 1] {
            var request = index == 0 ? raw : parsed
            request.parentResourceID = "pl1"
            request.reference = "layerclone:r1:prices:0"
            if index == 0 { raw = request } else { parsed = request }
        }
        let rawBody = try JSONValue.parse(String(decoding: raw.body, as: UTF8.self))
        #expect(rawBody == (try JSONValue.parse(String(decoding: parsed.body, as: UTF8.self))))
        let first = rawBody["data"]?["attributes"]?["inputs"]?.arrayValue?.first
        #expect(first?["price_tiers"]?.arrayValue?.first?["up_to"] == 5)
    }

    @Test("an import whose create answer is lost is found by reference, not created twice")
    func lostImportCreate() async throws {
        let api = FakeAPI { request, _ in
            if request.method == "POST" {
                throw TransportError(kind: .connectionLost, request: "POST", underlying: "reset")
            }
            return FakeAPI.json(
                200,
                [
                    "data": [FakeAPI.resource("imports", "i9", ["status": "in_progress", "reference": "ref-1"])],
                    "meta": ["record_count": 1, "page_count": 1],
                ])
        }
        let client = makeClient(api)
        var request = ImportRequest(resourceType: "skus", inputs: [["code": "A"]])
        request.reference = "ref-1"
        let job = try await client.createImport(request)
        #expect(job.id == "i9")
        #expect(api.apiRequests.filter { $0.method == "POST" }.count == 1)
        #expect(
            api.apiRequests.last?.target
                == "/api/imports?filter[q][reference_eq]=ref-1&sort=created_at&page[number]=1&page[size]=25")
    }

    @Test("an export whose create failed before landing is created again after the lookup")
    func exportCreateRetriedAfterLookup() async throws {
        let api = FakeAPI { request, index in
            if request.method == "POST" {
                return index == 0
                    ? FakeAPI.error(503, code: "UNAVAILABLE")
                    : FakeAPI.json(201, ["data": Self.exportJob("e2", status: "pending")])
            }
            return FakeAPI.json(200, ["data": [], "meta": ["record_count": 0, "page_count": 0]])
        }
        let client = makeClient(api)
        var request = ExportRequest(resourceType: "skus")
        request.reference = "layerclone:r1:skus:0"
        let job = try await client.createExport(request)
        #expect(job.id == "e2")
        #expect(api.apiRequests.map(\.method) == ["POST", "GET", "POST"])
    }

    @Test("the two export refusals are typed")
    func exportRefusals() async throws {
        let tooMany = FakeAPI { _, _ in
            FakeAPI.error(422, code: "VALIDATION_ERROR", meta: ["error": "less_than_or_equal_to", "count": 10000])
        }
        await #expect {
            _ = try await makeClient(tooMany).createExport(ExportRequest(resourceType: "skus"))
        } throws: { error in
            if case CommerceLayerError.exportTooManyRecords(_, 10000, _) = error { return true }
            return false
        }
        let nothing = FakeAPI { _, _ in
            FakeAPI.error(422, code: "VALIDATION_ERROR", meta: ["error": "greater_than", "count": 0])
        }
        await #expect {
            _ = try await makeClient(nothing).createExport(ExportRequest(resourceType: "skus"))
        } throws: { error in
            if case CommerceLayerError.exportMatchesNothing = error { return true }
            return false
        }
    }

    @Test("polling waits on the injected clock until a terminal state and returns the logs")
    func polling() async throws {
        let api = FakeAPI { _, index in
            let status = ["pending", "in_progress", "in_progress", "failed"][min(index, 3)]
            let extra: [String: JSONValue] = index >= 3 ? ["errors_log": ["RuntimeError": "query timeout"]] : [:]
            return FakeAPI.json(200, ["data": Self.exportJob("e1", status: status, extra: extra)])
        }
        let clock = VirtualClock()
        let client = makeClient(api, clock: clock)
        let start = ExportJob(Resource(id: "e1", type: "exports", attributes: ["status": "pending"]))
        let done = try await client.waitForCompletion(start)
        #expect(done.status == .failed)
        #expect(done.errorsLog == ["RuntimeError": "query timeout"])
        #expect(clock.sleeps == [.seconds(1), .milliseconds(1500), .milliseconds(2250)])
    }

    @Test("an import's counts and logs are reported when it ends")
    func importOutcome() async throws {
        let api = FakeAPI { _, _ in
            FakeAPI.json(
                200,
                [
                    "data": FakeAPI.resource(
                        "imports", "i1",
                        [
                            "status": "interrupted", "inputs_size": 10, "processed_count": 8, "errors_count": 2,
                            "warnings_count": 1, "destroyed_count": 0,
                            "errors_log": ["TSHIRT-M": ["shipping_category": ["must exist"]]],
                            "warnings_log": ["TSHIRT-L": ["name": ["truncated"]]],
                        ])
                ])
        }
        let client = makeClient(api)
        let job = try await client.waitForCompletion(
            ImportJob(Resource(id: "i1", type: "imports", attributes: ["status": "pending"])))
        #expect(job.status == .interrupted)
        #expect(job.errorsCount == 2)
        #expect(job.processedCount == 8)
        #expect(job.warningsCount == 1)
        #expect(job.errorsLog?["TSHIRT-M"]?["shipping_category"] == ["must exist"])
    }

    @Test("polling gives up at the timeout with a typed error")
    func pollingTimeout() async throws {
        let api = FakeAPI { _, _ in FakeAPI.json(200, ["data": Self.exportJob("e1", status: "in_progress")]) }
        let clock = VirtualClock()
        let client = makeClient(api, clock: clock)
        let schedule = PollSchedule(
            initialInterval: .seconds(5), maxInterval: .seconds(5), growth: 1, timeout: .seconds(60))
        await #expect {
            _ = try await client.waitForCompletion(ExportJob(Resource(id: "e1", type: "exports")), schedule: schedule)
        } throws: { error in
            if case CommerceLayerError.jobTimedOut = error { return true }
            return false
        }
        #expect(clock.totalSlept <= .seconds(60))
    }

    @Test("interrupting PATCHes _interrupt: true")
    func interrupt() async throws {
        let api = FakeAPI { _, _ in FakeAPI.json(200, ["data": Self.exportJob("e1", status: "interrupted")]) }
        let client = makeClient(api)
        let job = try await client.interruptExport("e1")
        #expect(job.status == .interrupted)
        let request = try #require(api.apiRequests.first)
        #expect(request.method == "PATCH")
        #expect(request.url.path == "/api/exports/e1")
        #expect(request.bodyJSON == ["data": ["type": "exports", "id": "e1", "attributes": ["_interrupt": true]]])
    }

    @Test("jobs are found by reference prefix")
    func referenceStart() async throws {
        let api = FakeAPI { _, _ in
            FakeAPI.json(
                200,
                ["data": [Self.exportJob("e1", status: "completed")], "meta": ["record_count": 1, "page_count": 1]])
        }
        let client = makeClient(api)
        let found = try await client.findExports(referenceStart: "layerclone:r1:")
        #expect(found.map(\.job.id) == ["e1"])
        #expect(
            api.apiRequests.first?.target.hasPrefix("/api/exports?filter[q][reference_start]=layerclone:r1:") == true)
    }
}
