import Foundation
import GRDB
import LayerCloneTestSupport
import ResourceCatalog
import Testing

@testable import LayerCloneCore

@Suite("Run journal")
struct RunJournalTests {
    let folder: URL

    init() throws {
        folder = TemporaryFolder.url("journal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    func sampleRun(key: String = "abc123def") -> RunInfo {
        RunInfo(
            id: "run-1", key: key, planPath: "plans/demo.yml", source: "test", target: "live", state: .running,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000), finishedAt: nil)
    }

    @Test("the journal file is readable by its owner only")
    func fileMode() throws {
        defer { cleanUp() }
        let path = folder.appendingPathComponent("journal.db").path
        _ = try RunJournal(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a unit's state survives reopening the journal, as after a kill")
    func survivesReopen() throws {
        defer { cleanUp() }
        let path = folder.appendingPathComponent("journal.db").path
        do {
            let journal = try RunJournal(path: path)
            try journal.begin(sampleRun())
            try journal.plan(.importChunk("prices", chunk: 0), reference: "layerclone:run-1:prices:0")
            try journal.markRequested(.importChunk("prices", chunk: 0), remoteID: "job123")
        }
        let reopened = try RunJournal(path: path)
        let unit = try #require(try reopened.unit(.importChunk("prices", chunk: 0)))
        #expect(unit.state == .requested)
        #expect(unit.remoteID == "job123")
        #expect(unit.reference == "layerclone:run-1:prices:0")
        #expect(unit.attempts == 1)
        #expect(try reopened.run() == sampleRun())
    }

    @Test("planning the same unit again returns it as recorded instead of resetting it")
    func planIsIdempotent() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        let key = WorkUnitKey.read(.export, "skus", .range(0))
        try journal.plan(key, detail: ReadDetail(records: 0))
        try journal.markCompleted(key, detail: ReadDetail(records: 3, export: "e1", checksum: 42))
        let again = try journal.plan(key, detail: ReadDetail(records: 0))
        #expect(again.state == .completed)
        #expect(try again.detail(ReadDetail.self) == ReadDetail(records: 3, export: "e1", checksum: 42))
        #expect(try journal.units(kind: .export).count == 1)
    }

    @Test("a completed unit cannot be requested again")
    func completedIsFinal() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        try journal.plan(.importChunk("skus", chunk: 0))
        try journal.markCompleted(.importChunk("skus", chunk: 0))
        #expect(throws: JournalError.self) { try journal.markRequested(.importChunk("skus", chunk: 0), remoteID: "x") }
    }

    @Test("the timeline lists every transition in order")
    func timeline() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        let key = WorkUnitKey.read(.export, "skus", .range(0))
        try journal.plan(key)
        try journal.markRequested(key, remoteID: "e1")
        try journal.markFailed(key, error: "job failed")
        try journal.markRequested(key, remoteID: "e2")
        try journal.markCompleted(key)
        #expect(try journal.events().map(\.state) == [.planned, .requested, .failed, .requested, .completed])
        #expect(try journal.events().allSatisfy { $0.unit == "export:skus:0" })
        #expect(try journal.unit(key)?.attempts == 2)
    }

    @Test("an unfinished run with the same key is found again; a finished one is not")
    func findsUnfinishedRun() throws {
        defer { cleanUp() }
        let directory = try RunDirectory.create(key: "abc123def", workdir: folder)
        let journal = try RunJournal(path: directory.journalPath)
        try journal.begin(sampleRun())
        #expect(try RunDirectory.unfinished(key: "abc123def", workdir: folder) == directory)
        #expect(try RunDirectory.unfinished(key: "other", workdir: folder) == nil)
        try journal.setRunState(.finished)
        #expect(try RunDirectory.unfinished(key: "abc123def", workdir: folder) == nil)
        #expect(throws: RunDirectoryError.self) { try RunDirectory.existing(id: "nope", workdir: folder) }
    }

    @Test(
        "a unit this layerclone never writes is refused, naming the journal, the unit and what is wrong",
        arguments: [
            ("UPDATE unit SET id = 'import:skus:x'", "`x` is not a chunk index"),
            ("UPDATE unit SET kind = 'export'", "its kind is `export`, its id says `import`"),
            ("UPDATE unit SET type = 'prices'", "its type is `prices`, its id says `skus`"),
            ("UPDATE unit SET state = 'lost'", "its state `lost` is unknown"),
            ("UPDATE unit SET detail = '{\"records\": 3}'", "member `size` is missing"),
            ("UPDATE unit SET detail = '{\"size\": \"three\"}'", "member `size` is not of type Int"),
            (
                "UPDATE unit SET detail = '{\"size\": 3, \"nested_form\": \"kind\"}'",
                "member `nested_form` is not valid"
            ),
            ("UPDATE unit SET detail = 'size=3'", "it is not JSON"),
        ])
    func malformedUnitRefused(statement: String, reason: String) throws {
        defer { cleanUp() }
        let path = folder.appendingPathComponent("journal.db").path
        try RunJournal(path: path).plan(.importChunk("skus", chunk: 0), detail: ImportDetail(size: 3))
        try DatabaseQueue(path: path).write { try $0.execute(sql: statement) }
        let error = try #require(throws: JournalError.self) { try RunJournal(path: path).units() }
        let text = error.description
        #expect(text.contains(path) && text.contains(reason) && text.contains("--restart"), "\(text)")
    }

    @Test("a detail of one kind is refused for a unit of another")
    func detailOfAnotherKind() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        #expect(throws: JournalError.self) { try journal.plan(.stage("skus"), detail: ReadDetail(records: 1)) }
        let unit = try journal.plan(.stage("skus"))
        try journal.markCompleted(.stage("skus"), detail: StageDetail(records: 1, checksum: 7))
        #expect(throws: JournalError.self) {
            try journal.markCompleted(
                .stage("skus"), detail: DiffDetail(create: 0, update: 0, unchanged: 0, drifted: 0))
        }
        #expect(throws: JournalError.self) { try unit.detail(ReadDetail.self) }
        #expect(try journal.unit(.stage("skus"))?.detail(StageDetail.self) == StageDetail(records: 1, checksum: 7))
    }
}
