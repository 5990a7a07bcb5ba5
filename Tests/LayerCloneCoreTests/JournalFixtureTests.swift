import Foundation
import GRDB
import LayerCloneTestSupport
import ResourceCatalog
import Testing

@testable import LayerCloneCore

/// A run folder written by the release before typed journal units (`Fixtures/journal-140d1f2`,
/// see its README): this code reads every unit of it with a typed key and detail, and what a
/// resume and `status` do first works over it.
@Suite("Journal written by the previous release")
struct JournalFixtureTests {
    let directory: RunDirectory

    /// A copy of the fixture's run folder (opening a journal writes its WAL beside it).
    init() throws {
        let source = Fixtures.root.appendingPathComponent("Tests/LayerCloneCoreTests/Fixtures/journal-140d1f2/run")
        let url = TemporaryFolder.url("journal-fixture")
        try FileManager.default.copyItem(at: source, to: url)
        directory = RunDirectory(id: url.lastPathComponent, url: url)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory.url) }

    /// The rows as stored: id, kind, type and detail text.
    func rows() throws -> [(id: String, kind: String, type: String, detail: String)] {
        try DatabaseQueue(path: directory.journalPath).read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, type, detail FROM unit ORDER BY position").map {
                ($0["id"], $0["kind"], $0["type"], $0["detail"])
            }
        }
    }

    @Test("every unit reads with a typed key printing its stored id, and a detail keeping every member")
    func everyUnit() throws {
        defer { cleanUp() }
        let units = try RunJournal(path: directory.journalPath).units()
        let rows = try rows()
        #expect(units.count == rows.count && !units.isEmpty)
        // Every kind that release wrote (prune and undo units came after it).
        #expect(
            Set(units.map(\.kind)) == Set(WorkUnitKind.allCases).subtracting([.prune, .undo]),
            "the fixture lacks a kind")
        for (unit, row) in zip(units, rows) {
            #expect(unit.id == row.id && unit.kind.rawValue == row.kind && unit.type.rawValue == row.type)
            guard let detail = unit.detail else {
                #expect(row.detail == "null", "\(row.id)")
                continue
            }
            // Written again, the typed detail keeps every member the stored one had a value for.
            let stored = try #require(try JSONValue.parse(row.detail).objectValue, "\(row.id)")
            let rewritten = try #require(
                try JSONValue.parse(WorkUnitDetail.encode(detail.value)).objectValue, "\(row.id)")
            #expect(stored.filter { $0.value != .null } == rewritten, "\(row.id)")
        }
    }

    @Test("the typed details say what the run did")
    func typedDetails() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: directory.journalPath)
        let units = try journal.units()
        for unit in units where unit.state == .completed && unit.kind != .restBatch {
            #expect(unit.detail != nil, "\(unit.id) completed without a detail")
        }
        let skus = try #require(try journal.unit(.count(.export, "skus"))?.detail(CountDetail.self))
        #expect(skus.count == 150 && skus.ranges?.count == 3 && skus.exportCap == 60 && skus.method == nil)
        #expect(skus.ranges?.first?.gt == nil && skus.ranges?.last?.lteq == nil)
        #expect(
            try UnknownFields.recorded(in: journal)
                == [UnknownFields(type: "skus", environment: "test", fields: ["color"])])
        let fallbacks = try ReadFallback.recorded(in: journal)
        #expect(fallbacks.map(\.environment) == ["live", "test"] && fallbacks.allSatisfy { $0.type == "price_lists" })
        #expect(fallbacks.allSatisfy { $0.listRequests == 6 && $0.reason.contains("resource_type") })
        #expect(fallbacks.map(\.exportJobs) == [3, 2])
        #expect(try NestedFormChoice(journal: journal, parent: "prices").current == .resourceType)
        let first = try journal.unit(.importChunk("prices", chunk: 0))?.detail(ImportDetail.self)
        #expect(first?.nestedForm == .className && first?.resentAs == 1 && first?.size == 310)
        let retry = try journal.unit(.importChunk("prices", chunk: 1))?.detail(ImportDetail.self)
        #expect(retry?.nestedForm == .resourceType && retry?.resentAs == nil && retry?.rejected == 0)
        let deferred = try journal.unit(.deferredPatch("markets", relationship: "default_shipping_method"))
        #expect(try deferred?.detail(PatchDetail.self) == PatchDetail(patched: 2, unresolved: []))
    }

    @Test("a resume's checks and status work over it, and planning its units again finds them done")
    func resumeAndStatus() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: directory.journalPath)
        let before = try journal.units()
        // What a resume does first: the journal and both stores hold what the journal says.
        try RunFileCheck(directory: directory, journal: journal, catalog: .commerceLayer).verify()
        for unit in before {
            #expect(try journal.plan(unit.key, reference: unit.reference) == unit, "\(unit.id)")
        }
        #expect(try journal.units() == before)
        let status = try RunStatus(directory: directory)
        #expect(status.progress.total == before.count)
        #expect(status.progress.completed == before.filter { $0.state == .completed }.count)
        #expect(status.text.contains("run \(try journal.run().id)"))
        #expect(try !RunReport.timeline(from: journal).isEmpty)
    }
}
