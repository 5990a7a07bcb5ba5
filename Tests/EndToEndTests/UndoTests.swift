import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// `undo` through the executable: a clone into a live that held records is taken back to
/// exactly what live held before (created records deleted, updated ones restored); a record
/// edited after the run is kept; an undo killed anywhere and run again ends the same.
@Suite("Undo", .tags(.endToEnd))
struct UndoTests {
    @Test("re-clone that creates and updates, then undo: live is back as it was; a second undo does nothing")
    func undoRestoresLive() async throws {
        try await UndoSession.with { session in
            let before = try await session.liveState()
            let run = try await session.cloneChanges()
            let undo = try await session.run(["undo", run, "--allow-live"])
            #expect(undo.status == 0, "\(undo)")
            #expect(undo.standardOutput.contains("reverted run \(run): 1 deleted, 2 restored"), "\(undo)")
            #expect(try await session.liveState() == before)
            let again = try await session.run(["undo", run, "--allow-live"])
            #expect(again.status == 0, "\(again)")
            #expect(again.standardOutput.contains("0 deleted, 0 restored, 0 created again"), "\(again)")
            #expect(try await session.liveState() == before)
        }
    }

    @Test(
        "undo of the first clone into an empty live deletes everything it created, children first, cycles unlinked",
        arguments: [nil, "undo-unlinked#1"] as [String?])
    func undoFirstClone(killedAt crashPoint: String?) async throws {
        try await UndoSession.with(firstClone: false) { session in
            let clone = try await session.run(
                ["clone", session.planPath, "--source", "test", "--target", "live", "--allow-live"])
            #expect(clone.status == 0, "\(clone)")
            let line = try #require(clone.standardOutput.split(separator: "\n").first { $0.hasPrefix("run ") })
            let run = String(line.dropFirst(4).prefix { $0 != ":" })
            if let crashPoint {
                let killed = try await session.run(
                    ["undo", run, "--allow-live"], extra: ["LAYERCLONE_CRASH_AT": crashPoint])
                #expect(killed.killedBySIGKILL, "\(killed)")
            }
            let undo = try await session.run(["undo", run, "--allow-live"])
            let reportLine = undo.standardOutput.split(separator: "\n").first { $0.hasPrefix("report: ") }
            let report = try reportLine.map { try String(contentsOfFile: String($0.dropFirst(8)), encoding: .utf8) }
            #expect(undo.status == 0, "\(undo)\n\(report ?? "no report")")
            #expect(undo.standardOutput.contains("reverted run \(run)"), "\(undo)")
            let left = try await session.liveState().keys.sorted()
            #expect(left.isEmpty, "records left in live after undoing its first clone: \(left.prefix(10))")
        }
    }

    @Test("a live record edited after the run: partially reverted, the edit kept; --dry-run writes nothing")
    func editAfterRunKept() async throws {
        try await UndoSession.with { session in
            let run = try await session.cloneChanges()
            let live = try session.fixture.client(.live)
            _ = try await live.update("prices", id: session.changedPriceLiveID, attributes: ["amount_cents": 4_321])
            let state = try await session.liveState()
            let dry = try await session.run(["undo", run, "--dry-run"])
            #expect(dry.status == 2, "\(dry)")
            #expect(dry.standardOutput.contains("dry run of undo \(run): 1 to delete, 1 to restore"), "\(dry)")
            #expect(try await session.liveState() == state, "--dry-run wrote")
            let undo = try await session.run(["undo", run, "--allow-live"])
            #expect(undo.status == 2, "\(undo)")
            #expect(undo.standardOutput.contains("partially reverted run \(run): 1 record left"), "\(undo)")
            let amount = try await session.fixture.server.records("prices", in: .live).first {
                $0.id == session.changedPriceLiveID
            }?.attributes["amount_cents"]?.intValue
            #expect(amount == 4_321, "the edit made after the run was reverted")
        }
    }

    @Test("undo killed after each of its first changes, then run again: live is back as it was", arguments: [1, 2])
    func killedUndo(after steps: Int) async throws {
        try await UndoSession.with { session in
            let before = try await session.liveState()
            let run = try await session.cloneChanges()
            let killed = try await session.run(
                ["undo", run, "--allow-live"], extra: ["LAYERCLONE_CRASH_AT": "undo-step#\(steps)"])
            #expect(killed.killedBySIGKILL, "\(killed)")
            let undo = try await session.run(["undo", run, "--allow-live"])
            #expect(undo.status == 0, "\(undo)")
            #expect(try await session.liveState() == before)
        }
    }
}

/// A sandbox with the demo store cloned to live once, and the commands the undo tests share.
private struct UndoSession {
    let fixture: SandboxFixture
    let planPath = CLIProcess.plan("store-setup.yml")
    /// The live copy of the test price `cloneChanges` changes.
    var changedPriceLiveID = ""

    /// Runs `body` on a fresh sandbox, after a first clone to live unless `firstClone` is false.
    static func with(firstClone: Bool = true, _ body: (inout UndoSession) async throws -> Void) async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            var session = UndoSession(fixture: fixture)
            if firstClone {
                let first = try await session.run(
                    ["clone", session.planPath, "--source", "test", "--target", "live", "--allow-live"])
                #expect(first.status == 0, "\(first)")
            }
            try await body(&session)
        }
    }

    func run(_ arguments: [String], extra: [String: String] = [:]) async throws -> CLIProcess.Outcome {
        try await CLIProcess.run(
            arguments + ["--workdir", fixture.workdir.path],
            environment: try fixture.profileEnvironment().merging(extra) { $1 }, directory: fixture.folder,
            timeout: .seconds(300))
    }

    /// Changes a price's amount and a sku's name in test, adds a price list there, clones
    /// again (1 create, 2 updates in live) and returns that run's id.
    mutating func cloneChanges() async throws -> String {
        let test = try fixture.client(.test)
        let price = try #require(try await fixture.server.records("prices", in: .test).first)
        let old = try #require(price.attributes["amount_cents"]?.intValue)
        let livePrices = try await fixture.server.records("prices", in: .live)
        let listName = try await priceListName(price, .test)
        var copy: String?
        for candidate in livePrices
        where candidate.attributes["sku_code"] == price.attributes["sku_code"]
            && candidate.attributes["amount_cents"]?.intValue == old
        {
            if try await priceListName(candidate, .live) == listName { copy = candidate.id }
        }
        changedPriceLiveID = try #require(copy)
        _ = try await test.update("prices", id: price.id, attributes: ["amount_cents": .int(old + 11)])
        let sku = try #require(try await fixture.server.records("skus", in: .test).first)
        _ = try await test.update("skus", id: sku.id, attributes: ["name": "Renamed for undo"])
        _ = try await test.create("price_lists", attributes: ["name": "Undo me", "currency_code": "EUR"])
        let clone = try await run(["clone", planPath, "--source", "test", "--target", "live", "--allow-live"])
        #expect(clone.status == 0, "\(clone)")
        #expect(clone.standardOutput.contains("1 created, 2 updated"), "\(clone)")
        let line = try #require(clone.standardOutput.split(separator: "\n").first { $0.hasPrefix("run ") })
        return String(line.dropFirst(4).prefix { $0 != ":" })
    }

    private func priceListName(_ price: StoredRecord, _ environment: SandboxEnvironment) async throws -> String? {
        guard let id = price.relationships["price_list"]?.refs.first?.id else { return nil }
        return try await fixture.server.records("price_lists", in: environment).first { $0.id == id }?
            .attributes["name"]?.stringValue
    }

    /// Every live record of the plan's types, as canonical JSON by type and id, without the
    /// timestamps a restore moves.
    func liveState() async throws -> [String: String] {
        var state: [String: String] = [:]
        for type in try planTypes(planPath) {
            for record in try await fixture.server.records(type, in: .live) {
                var attributes = record.attributes
                attributes["updated_at"] = nil
                state["\(type)/\(record.id)"] =
                    JSONValue.object(attributes).canonicalJSON
                    + record.relationships.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined()
            }
        }
        return state
    }
}
