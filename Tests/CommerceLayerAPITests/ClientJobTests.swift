import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

@testable import CommerceLayerAPI

/// Exports and imports run by the sandbox's job center, driven by the client over loopback.
@Suite("Jobs against the sandbox over loopback")
struct ClientJobTests {
    /// Short polls for jobs at the sandbox's `fast` speed (tens of milliseconds).
    static let quickPolls = PollSchedule(
        initialInterval: .milliseconds(20), maxInterval: .milliseconds(150), growth: 1.5, timeout: .seconds(15))
    /// Retries that wait milliseconds, on the real clock.
    static let quickRetries = RetryPolicy(baseDelay: .milliseconds(5), maxDelay: .milliseconds(50))
    /// `fast`, but jobs wait 0.3 s before they start, so polling goes on for a while.
    static let slowStart = JobSpeed(
        startLatency: 0.3, exportRecordsPerSecond: 20_000, importRecordsPerSecond: 5_000,
        cleanupRecordsPerSecond: 10_000)

    static func withSandbox<T>(
        speed: JobSpeed = .fast, attachmentTTL: Int = 300, _ body: (SandboxFixture) async throws -> T
    ) async throws -> T {
        try await SandboxFixture.with(
            linkedClock: false, policy: quickRetries,
            configure: { configuration in
                configuration.conditions.jobSpeed = speed
                configuration.limits.attachmentTTL = attachmentTTL
            }, body)
    }

    static func skuInputs(_ codes: [String], category: String) -> [JSONValue] {
        codes.map { ["code": .string($0), "name": .string("Tee \($0)"), "shipping_category_id": .string(category)] }
    }

    @Test("an import and an export are created, polled to completion, their logs read and the file downloaded")
    func importThenExport() async throws {
        try await Self.withSandbox { fixture in
            let client = fixture.client
            let category = try await client.create("shipping_categories", attributes: ["name": "Tees", "code": "TEES"])
            let codes = (0..<30).map { "TS-\($0)" }
            var request = ImportRequest(resourceType: "skus", inputs: Self.skuInputs(codes, category: category.id))
            request.reference = "layerclone:a:skus:0"
            let created = try await client.createImport(request)
            #expect(created.status == .pending)
            let imported = try await client.waitForCompletion(created, schedule: Self.quickPolls)
            #expect(imported.status == .completed)
            #expect(imported.inputsSize == 30)
            #expect(imported.processedCount == 30)
            #expect(imported.errorsCount == 0)
            #expect(imported.errorsLog?.objectValue?.isEmpty == true)
            #expect(try await fixture.server.count("skus", in: .test) == 30)

            var exportRequest = ExportRequest(resourceType: "skus")
            exportRequest.reference = "layerclone:a:skus:export"
            let export = try await client.createExport(exportRequest)
            #expect(export.recordsCount == 30)
            let done = try await client.waitForCompletion(export, schedule: Self.quickPolls)
            #expect(done.status == .completed)
            #expect(done.processedCount == 30)
            #expect(done.errorsLog?.objectValue?.isEmpty ?? true)
            #expect(done.attachmentURL != nil)

            let directory = try TemporaryDirectory()
            let result = try await client.download(export: done, to: directory.file("skus.json"))
            #expect(result.records == 30)
            #expect(result.urlRefreshes == 0)
            let objects = try JSONValue.parse(String(contentsOf: result.file, encoding: .utf8)).arrayValue ?? []
            #expect(Set(objects.compactMap { $0["code"]?.stringValue }) == Set(codes))
        }
    }

    @Test("a job create whose response is lost leaves exactly one job with its reference", arguments: [true, false])
    func lostJobCreate(isExport: Bool) async throws {
        try await Self.withSandbox { fixture in
            let client = fixture.client
            try SandboxSkuSeeder.insert(into: fixture.server, count: 5)
            _ = try await client.claims()
            let reference = "layerclone:lost:skus:0"
            fixture.server.setFaults(try FaultSpec.parse("lost_response=1"), seed: 1)
            let id: String
            if isExport {
                var request = ExportRequest(resourceType: "skus")
                request.reference = reference
                id = try await client.createExport(request).id
            } else {
                var request = ImportRequest(resourceType: "tags", inputs: [["name": "ghost"]])
                request.reference = reference
                id = try await client.createImport(request).id
            }
            fixture.server.setFaults(.none)
            #expect(fixture.transport.dropped >= 1, "the client saw the lost response")
            let kind: Sandbox.JobKind = isExport ? .exports : .imports
            let jobs = fixture.server.state.jobs.registry.jobs(kind: kind, environment: .test)
            #expect(jobs.map(\.id) == [id])
            let found =
                isExport
                ? try await client.findExports(reference: reference).map(\.job.id)
                : try await client.findImports(reference: reference).map(\.job.id)
            #expect(found == [id])
        }
    }

    @Test("an expired attachment URL is refreshed and the file is complete and counted")
    func expiredAttachment() async throws {
        try await Self.withSandbox(attachmentTTL: 1) { fixture in
            let client = fixture.client
            try SandboxSkuSeeder.insert(into: fixture.server, count: 120, descriptionBytes: 500)
            let done = try await client.waitForCompletion(
                try await client.createExport(ExportRequest(resourceType: "skus")), schedule: Self.quickPolls)
            #expect(done.status == .completed)
            fixture.server.clock.advance(by: 5)
            let directory = try TemporaryDirectory()
            let result = try await client.download(export: done, to: directory.file("skus.json"))
            #expect(result.urlRefreshes == 1)
            #expect(client.metrics.snapshot.urlRefreshes == 1)
            #expect(fixture.transport.statuses.contains(403))
            #expect(result.records == 120)
            let size = try FileManager.default.attributesOfItem(atPath: result.file.path)[.size] as? Int
            #expect(result.bytes == size)
            #expect(result.bytes > 120 * 500)
        }
    }

    @Test("connection resets and 5xx answers on the attachment download are retried")
    func faultsWhileDownloading() async throws {
        try await Self.withSandbox { fixture in
            let client = fixture.client
            try SandboxSkuSeeder.insert(into: fixture.server, count: 60, descriptionBytes: 300)
            let done = try await client.waitForCompletion(
                try await client.createExport(ExportRequest(resourceType: "skus")), schedule: Self.quickPolls)
            fixture.server.setFaults(try FaultSpec.parse("reset=0.5,http503=0.5"), seed: 2)
            let directory = try TemporaryDirectory()
            let result = try await client.download(export: done, to: directory.file("skus.json"))
            #expect(result.records == 60)
            #expect(fixture.server.state.faults.injectedCounts.values.reduce(0, +) >= 1)
            #expect(client.metrics.snapshot.retries >= 1)
        }
    }

    @Test("an import rejected in part reports errors_log keyed by each failing input's code, else unknown")
    func partialRejection() async throws {
        try await Self.withSandbox { fixture in
            let client = fixture.client
            let category = try await client.create("shipping_categories", attributes: ["name": "Tees", "code": "TEES"])
            var inputs = Self.skuInputs((0..<6).map { "OK-\($0)" }, category: category.id)
            inputs.append(["code": "BAD-NO-CATEGORY", "name": "No category"])
            inputs.append(["code": "BAD-NO-NAME", "shipping_category_id": .string(category.id)])
            inputs.append(["code": "BAD-CATEGORY", "name": "Wrong category", "shipping_category_id": "nope"])
            inputs.append(["name": "No code", "shipping_category_id": .string(category.id)])
            var request = ImportRequest(resourceType: "skus", inputs: inputs)
            request.skipErrors = true
            let job = try await client.waitForCompletion(
                try await client.createImport(request), schedule: Self.quickPolls)
            #expect(job.status == .completed)
            #expect(job.processedCount == 6)
            #expect(job.errorsCount == 4)
            let log = try #require(job.errorsLog?.objectValue)
            #expect(Set(log.keys) == ["BAD-NO-CATEGORY", "BAD-NO-NAME", "BAD-CATEGORY", "unknown"])
            for (key, value) in log {
                let messages = try #require(value.objectValue, "\(key): \(value)")
                #expect(!messages.isEmpty)
                #expect(messages.values.allSatisfy { $0.arrayValue?.allSatisfy { $0.stringValue != nil } == true })
            }
            #expect(log["BAD-NO-NAME"]?["name"] != nil)

            // Without skip_errors, more than 10 % failing interrupts the import.
            let strict = try await client.waitForCompletion(
                try await client.createImport(ImportRequest(resourceType: "skus", inputs: Array(inputs.suffix(5)))),
                schedule: Self.quickPolls)
            #expect(strict.status == .interrupted)
            #expect((strict.errorsCount ?? 0) >= 1)
        }
    }

    @Test("imports and exports of a run are listed by reference prefix, oldest first")
    func referencePrefix() async throws {
        try await Self.withSandbox { fixture in
            let client = fixture.client
            try SandboxSkuSeeder.insert(into: fixture.server, count: 3)
            var ids: [String] = []
            for (index, reference) in ["lc:runE:tags:0", "lc:runF:tags:0", "lc:runE:tags:1", "lc:runE:tags:2"]
                .enumerated()
            {
                var request = ImportRequest(resourceType: "tags", inputs: [["name": .string("tag-\(index)")]])
                request.reference = reference
                let job = try await client.createImport(request)
                if reference.hasPrefix("lc:runE:") { ids.append(job.id) }
            }
            var export = ExportRequest(resourceType: "skus")
            export.reference = "lc:runE:skus:0"
            let exportID = try await client.createExport(export).id
            let imports = try await client.findImports(referenceStart: "lc:runE:")
            #expect(imports.map(\.job.id) == ids)
            #expect(imports.map { $0.job.reference } == ["lc:runE:tags:0", "lc:runE:tags:1", "lc:runE:tags:2"])
            #expect(try await client.findImports(referenceStart: "lc:runF:").count == 1)
            #expect(try await client.findImports(referenceStart: "lc:runG:").isEmpty)
            #expect(try await client.findExports(referenceStart: "lc:runE:").map(\.job.id) == [exportID])
        }
    }

    @Test("5xx answers while polling are retried until the job ends")
    func faultsWhilePolling() async throws {
        try await Self.withSandbox(speed: Self.slowStart) { fixture in
            let client = fixture.client
            try SandboxSkuSeeder.insert(into: fixture.server, count: 40)
            let job = try await client.createExport(ExportRequest(resourceType: "skus"))
            fixture.server.setFaults(try FaultSpec.parse("http500=0.35,http503=0.35"), seed: 11)
            let schedule = PollSchedule(
                initialInterval: .milliseconds(40), maxInterval: .milliseconds(200), growth: 1.5, timeout: .seconds(15))
            let done = try await client.waitForCompletion(job, schedule: schedule)
            #expect(done.status == .completed)
            let faulted = fixture.transport.statuses.filter { $0 >= 500 }.count
            #expect(faulted >= 1, "no 5xx answer was drawn: the test proved nothing")
            #expect(client.metrics.snapshot.retries >= faulted)
        }
    }

    /// 5 MB rather than more: the sandbox writes exports at about 2 MB/s in debug builds.
    @Test("a 5 MB export downloads complete: every record counted, every byte written")
    func largeDownload() async throws {
        try await Self.withSandbox(speed: .instant) { fixture in
            let client = fixture.client
            try SandboxSkuSeeder.insert(into: fixture.server, count: 250, descriptionBytes: 20_000)
            let done = try await client.waitForCompletion(
                try await client.createExport(ExportRequest(resourceType: "skus")), schedule: Self.quickPolls)
            #expect(done.status == .completed)
            let directory = try TemporaryDirectory()
            let result = try await client.download(export: done, to: directory.file("skus.json"))

            #expect(result.records == 250)
            let size = try FileManager.default.attributesOfItem(atPath: result.file.path)[.size] as? Int
            #expect(result.bytes == size)
            #expect(result.bytes > 250 * 20_000)
            #expect(result.bytes < 250 * 21_000)
            #expect(result.compressedBytes < result.bytes / 2)
            let handle = try FileHandle(forReadingFrom: result.file)
            defer { try? handle.close() }
            #expect(try handle.read(upToCount: 2) == Data("[{".utf8))
            try handle.seek(toOffset: UInt64(result.bytes - 2))
            #expect(try handle.readToEnd() == Data("}]".utf8))
        }
    }
}

/// A directory under the system's temporary directory, deleted when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = TemporaryFolder.url("layerclone-test")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
