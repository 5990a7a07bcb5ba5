import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// `diff` and `apply` through the executable: a diff writes nothing and shows each change
/// with its fields; `apply` writes exactly the diff, leaves a record changed in the target
/// since the diff was taken (exit 2), and writes it with `--force`.
@Suite("Diff and apply", .tags(.endToEnd))
struct DiffApplyTests {
    @Test("clone, diff is empty; change a test price: diff shows it, writes nothing; apply writes it")
    func diffThenApply() async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(scale: 1) { fixture in
            let session = DiffSession(fixture: fixture, planPath: planPath)
            let clone = try await session.run(["clone", planPath] + session.sides + ["--allow-live"])
            #expect(clone.status == 0, "\(clone)")

            let empty = try await session.run(["diff", planPath] + session.sides + ["--json"])
            #expect(empty.status == 0, "\(empty)")
            let document = try JSONValue.parse(empty.standardOutput)
            #expect(document["empty"] == .bool(true), "\(empty.standardOutput.prefix(2000))")

            let (liveID, amount) = try await session.changeTestPrice(by: 137)
            let live = try await session.liveState()
            let out = fixture.folder.appendingPathComponent("changes.lcdiff").path
            let diff = try await session.run(["diff", planPath] + session.sides + ["--out", out])
            #expect(diff.status == 3, "\(diff)")
            #expect(diff.standardOutput.contains("prices: 0 to create, 1 to update"), "\(diff)")
            #expect(diff.standardOutput.contains("amount_cents \(amount - 137) → \(amount)"), "\(diff)")
            #expect(diff.standardOutput.contains("total: 0 to create, 1 to update"), "\(diff)")
            let liveAfter = try await session.liveState()
            let changed = Set(live.keys).union(liveAfter.keys).filter { live[$0] != liveAfter[$0] }
            #expect(changed.isEmpty, "diff changed the live environment: \(changed.sorted().prefix(5))")

            let elsewhere = try await session.run(["apply", out, "--target", "test", "--allow-live"])
            #expect(elsewhere.status == 64, "\(elsewhere)")
            #expect(elsewhere.standardError.contains("was taken against the live environment"), "\(elsewhere)")

            let apply = try await session.run(["apply", out, "--allow-live"])
            #expect(apply.status == 0, "\(apply)")
            #expect(apply.standardOutput.contains("1 updated"), "\(apply)")
            #expect(try await session.liveAmount(liveID) == amount)
            let after = try await session.run(["diff", planPath] + session.sides)
            #expect(after.status == 0, "\(after)")
        }
    }

    @Test("a record changed in the target since the diff: apply leaves it (exit 2), --force writes it")
    func changedSinceDiff() async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(scale: 1) { fixture in
            let session = DiffSession(fixture: fixture, planPath: planPath)
            let clone = try await session.run(["clone", planPath] + session.sides + ["--allow-live"])
            #expect(clone.status == 0, "\(clone)")
            let (liveID, amount) = try await session.changeTestPrice(by: 59)
            let out = fixture.folder.appendingPathComponent("changes.lcdiff").path
            let diff = try await session.run(["diff", planPath] + session.sides + ["--out", out])
            #expect(diff.status == 3, "\(diff)")

            // Someone edits the same price in live after the diff was taken.
            _ = try await fixture.client(.live).update(
                "prices", id: liveID, attributes: ["amount_cents": .int(amount + 1_000)])

            let refused = try await session.run(["apply", out, "--allow-live"])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.standardOutput.contains("drifted: 1 record"), "\(refused)")
            #expect(refused.standardOutput.contains("--force writes them"), "\(refused)")
            #expect(try await session.liveAmount(liveID) == amount + 1_000)

            let forced = try await session.run(["apply", out, "--allow-live", "--force"])
            #expect(forced.status == 0, "\(forced)")
            #expect(try await session.liveAmount(liveID) == amount)
        }
    }
}

/// The commands and sandbox reads the diff tests share.
private struct DiffSession {
    let fixture: SandboxFixture
    let planPath: String
    let sides = ["--source", "test", "--target", "live"]

    func run(_ arguments: [String]) async throws -> CLIProcess.Outcome {
        try await CLIProcess.run(
            arguments + ["--workdir", fixture.workdir.path], environment: try fixture.profileEnvironment(),
            directory: fixture.folder, timeout: .seconds(300))
    }

    /// Adds `delta` to the amount of the first test price (after a clone); returns the id of
    /// its live copy (same sku, currency and price list name) and its new amount.
    func changeTestPrice(by delta: Int64) async throws -> (liveID: String, amount: Int64) {
        let price = try #require(try await fixture.server.records("prices", in: .test).first)
        let old = try #require(price.attributes["amount_cents"]?.intValue)
        let listName = try await priceListName(of: price, in: .test)
        var copy: StoredRecord?
        for candidate in try await fixture.server.records("prices", in: .live)
        where candidate.attributes["sku_code"] == price.attributes["sku_code"]
            && candidate.attributes["currency_code"] == price.attributes["currency_code"]
        {
            if try await priceListName(of: candidate, in: .live) == listName { copy = candidate }
        }
        let live = try #require(copy, "no live copy of test price \(price.id)")
        _ = try await fixture.client(.test).update(
            "prices", id: price.id, attributes: ["amount_cents": .int(old + delta)])
        return (live.id, old + delta)
    }

    private func priceListName(of price: StoredRecord, in environment: SandboxEnvironment) async throws -> String? {
        guard let id = price.relationships["price_list"]?.refs.first?.id else { return nil }
        return try await fixture.server.records("price_lists", in: environment).first { $0.id == id }?
            .attributes["name"]?.stringValue
    }

    /// The amount of a live price.
    func liveAmount(_ id: String) async throws -> Int64? {
        try await fixture.server.records("prices", in: .live).first { $0.id == id }?.attributes["amount_cents"]?
            .intValue
    }

    /// Every live record of the plan's types, as canonical JSON by type and id.
    func liveState() async throws -> [String: String] {
        var state: [String: String] = [:]
        for type in try planTypes(planPath) {
            for record in try await fixture.server.records(type, in: .live) {
                state["\(type)/\(record.id)"] =
                    JSONValue.object(record.attributes).canonicalJSON
                    + record.relationships.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined()
            }
        }
        return state
    }
}
