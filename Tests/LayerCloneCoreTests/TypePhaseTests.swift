import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Staging
import Testing

@testable import LayerCloneCore

/// The phases of a type's process on their own, with stores and a journal on disk and no
/// environment: staging a snapshot's type, and deciding what to write against a target read.
@Suite("Type process phases")
struct TypePhaseTests {
    let folder: URL
    let journal: RunJournal
    let source: StagingStore
    let target: StagingStore
    let events = RecordingEventSink()

    init() throws {
        folder = TemporaryFolder.url("type-phases")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        source = try StagingStore.open(at: folder.appendingPathComponent("source.db").path)
        target = try StagingStore.open(at: folder.appendingPathComponent("target.db").path)
    }

    static func tags(_ names: [String: String]) -> [JSONValue] {
        names.sorted { $0.key < $1.key }.map { id, name in
            ["id": .string(id), "name": .string(name)]
        }
    }

    func step() throws -> ExecutionStep {
        let plan = try Planner().plan(PlanParser().parse("resources:\n  tags:\n", file: "p.yml"))
        return try #require(plan.steps.first { $0.type == "tags" })
    }

    var stagePhase: StagePhase {
        StagePhase(reader: nil, store: source, journal: journal, events: events, catalog: .commerceLayer)
    }

    @Test("the stage phase of a snapshot's type journals what staging holds of it")
    func stage() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try source.loader.load(records: Self.tags(["s1": "sale", "s2": "new"]), type: "tags", name: "snapshot:tags")
        try await stagePhase.run(step())
        let unit = try #require(try journal.unit(.stage("tags")))
        #expect(unit.state == .completed)
        let detail = try #require(try unit.detail(StageDetail.self))
        #expect(detail.records == 2)
        #expect(detail.checksum == (try source.runFile.digest(type: "tags", .all)).checksum)
        #expect(events.events.contains(.typeProgress(type: "tags", phase: .exported, done: 2, total: 2)))
    }

    @Test("the decide phase marks what to create and what is unchanged, and journals the counts")
    func decide() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let step = try step()
        try source.loader.load(records: Self.tags(["s1": "sale", "s2": "new"]), type: "tags", name: "snapshot:tags")
        try await stagePhase.run(step)
        try target.loader.load(records: Self.tags(["t9": "sale"]), type: "tags", name: "pre:tags:pages:1")
        try source.identities.computeTargetIdentities(type: "tags")
        let decide = DecidePhase(
            journal: journal, crash: .none, sourceStore: source, targetStore: target, writeGuard: WriteGuard())
        let nothingToWrite = try decide.run(step, deferred: [])
        #expect(!nothingToWrite)
        let counts = try #require(try journal.unit(.diff("tags"))?.detail(DiffDetail.self))
        #expect(counts == DiffDetail(create: 1, update: 0, unchanged: 1, drifted: 0))
        let toWrite = try source.comparison.identitiesToWrite(type: "tags")
        #expect(toWrite.count == 1 && toWrite[0].contains("new"), "\(toWrite)")
        // Before-images: the record to create is journaled as one, before anything is written.
        let images = try journal.beforeImages()
        #expect(images.map(\.identity) == toWrite && images.map(\.action) == [.create], "\(images)")
    }
}
