import Foundation
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
            try journal.plan(
                "import:prices:0", kind: .importChunk, type: "prices", reference: "layerclone:run-1:prices:0")
            try journal.markRequested("import:prices:0", remoteID: "job123")
        }
        let reopened = try RunJournal(path: path)
        let unit = try #require(try reopened.unit("import:prices:0"))
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
        try journal.plan("export:skus:0", kind: .export, type: "skus", detail: ["range": 0])
        try journal.markCompleted("export:skus:0", detail: ["file": "skus-0.json.gz"])
        let again = try journal.plan("export:skus:0", kind: .export, type: "skus", detail: ["range": 0])
        #expect(again.state == .completed)
        #expect(again.detail == ["file": "skus-0.json.gz"])
        #expect(try journal.units(kind: .export).count == 1)
    }

    @Test("a completed unit cannot be requested again")
    func completedIsFinal() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        try journal.plan("import:skus:0", kind: .importChunk, type: "skus")
        try journal.markCompleted("import:skus:0")
        #expect(throws: JournalError.self) { try journal.markRequested("import:skus:0", remoteID: "x") }
    }

    @Test("the timeline lists every transition in order")
    func timeline() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
        try journal.plan("export:skus:0", kind: .export, type: "skus")
        try journal.markRequested("export:skus:0", remoteID: "e1")
        try journal.markFailed("export:skus:0", error: "job failed")
        try journal.markRequested("export:skus:0", remoteID: "e2")
        try journal.markCompleted("export:skus:0")
        #expect(try journal.events().map(\.state) == [.planned, .requested, .failed, .requested, .completed])
        #expect(try journal.unit("export:skus:0")?.attempts == 2)
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
}
