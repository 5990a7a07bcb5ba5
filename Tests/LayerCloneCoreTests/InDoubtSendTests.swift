import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Staging
import Testing

@testable import LayerCloneCore

/// A create sent by a process that was killed before the answer can land after the next
/// process has looked for it: the next process waits such sends out before creating again.
@Suite("Sends in doubt after a kill")
struct InDoubtSendTests {
    let folder: URL

    init() throws {
        folder = TemporaryFolder.url("in-doubt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var journalPath: String { folder.appendingPathComponent("journal.db").path }

    @Test("a send recorded by an earlier process is waited out; one of this process is not")
    func settleOnlyEarlierSends() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let earlier = try RunJournal(path: journalPath)
        try earlier.plan(.importChunk("skus", chunk: 0))
        try earlier.markSending(.importChunk("skus", chunk: 0))
        try earlier.plan(.importChunk("skus", chunk: 1))
        try earlier.markSending(.importChunk("skus", chunk: 1), at: Date().addingTimeInterval(-3600))

        // A grace far longer than the test, and waits recorded instead of slept.
        var resumed = try RunJournal(path: journalPath, inDoubtGrace: .seconds(600))
        let waits = Box<[Duration]>([])
        resumed.waitInDoubt = { duration in waits.withLock { $0.append(duration) } }
        #expect(try await resumed.settleInDoubtSend(#require(try resumed.unit(.importChunk("skus", chunk: 0)))))
        #expect(try await !resumed.settleInDoubtSend(#require(try resumed.unit(.importChunk("skus", chunk: 1)))))
        let waited = waits.withLock { $0 }
        #expect(waited.count == 1 && waited[0] > .seconds(500) && waited[0] <= .seconds(601), "\(waited)")

        try resumed.plan(.importChunk("skus", chunk: 2))
        try resumed.markSending(.importChunk("skus", chunk: 2))
        #expect(try await !resumed.settleInDoubtSend(#require(try resumed.unit(.importChunk("skus", chunk: 2)))))
        #expect(waits.withLock { $0.count } == 1)
        #expect(throws: JournalError.self) { try resumed.markSending(.importChunk("skus", chunk: 9)) }
    }

    @Test("an export that lands after the resumed read looked for it is adopted, not created twice")
    func lateExportIsAdopted() async throws {
        try await SandboxSlots.run {
            defer { try? FileManager.default.removeItem(at: folder) }
            var configuration = SandboxConfiguration()
            configuration.limits.rateLimits = .off
            let server = try SandboxServer(configuration: configuration)
            let endpoint = try await server.start()
            do {
                _ = try await server.seedDemo(scale: 5, into: .test)
                let profile = try server.profile(.test, at: endpoint)
                let client = CommerceLayerClient(profile: profile, transport: AsyncHTTPClientTransport())
                let environment = CloneEnvironment(name: "test", client: client)
                let count = try await client.count("prices", filters: Query())
                #expect(count > TypeReader.pageReadLimit, "prices must be read by an export job")

                // The killed process planned the read, counted, and was sending the export.
                let reference = "layerclone:run-1:prices:source-0"
                let killed = try RunJournal(path: journalPath)
                try killed.plan(.count(.source, "prices"))
                try killed.markCompleted(
                    .count(.source, "prices"),
                    detail: CountDetail(count: count, ranges: [ExportRange(gt: nil, lteq: nil)]))
                try killed.plan(.read(.source, "prices", .range(0)), reference: reference)
                try killed.markSending(.read(.source, "prices", .range(0)))

                // Its request reaches the server while the resumed process waits for it, after
                // the resumed read looked once and found nothing (the wait is the journal's seam:
                // no race with a wall-clock grace, however loaded the machine).
                var journal = try RunJournal(path: journalPath, inDoubtGrace: .seconds(600))
                let lateID = Box<String?>(nil)
                journal.waitInDoubt = { _ in
                    var request = ExportRequest(resourceType: "prices")
                    request.reference = reference
                    request.dryData = true
                    let job = try await client.createExport(request)
                    lateID.withLock { $0 = job.id }
                }
                let reader = TypeReader(
                    environment: environment.reading, journal: journal, runID: "run-1", downloads: folder,
                    events: RecordingEventSink(),
                    crash: .none, chunkSize: 10_000,
                    watcher: JobWatcher(
                        client: client.readOnly, kind: "exports", referencePrefix: "layerclone:run-1:",
                        interval: .milliseconds(50)))
                let store = try StagingStore.open(at: folder.appendingPathComponent("staging.db").path)
                let shape = try #require(
                    Planner().plan(PlanParser().parse("resources:\n  prices:\n", file: "p.yml"))
                        .steps.first { $0.type == "prices" }?.export)
                let records = try await reader.read(
                    .init(type: "prices", shape: shape, label: .source), into: store)
                let late = try #require(lateID.withLock { $0 }, "the resumed read did not wait for the send in doubt")

                #expect(records == count)
                let exports = try await client.findExports(reference: reference)
                #expect(exports.map(\.job.id) == [late], "the export was created twice")
                await server.shutdown()
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }
}
