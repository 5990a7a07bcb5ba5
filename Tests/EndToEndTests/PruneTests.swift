import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// `--prune` through the executable: target records the source lacks are listed by `diff`,
/// refused as a whole beyond `--max-deletes` (exit 2, nothing deleted), and deleted children
/// first within it.
@Suite("Prune", .tags(.endToEnd))
struct PruneTests {
    @Test(
        "a live-only price list with a price: diff lists both, --max-deletes 0 refuses, 2 deletes both, undo brings both back"
    )
    func pruneWithinLimit() async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(scale: 1) { fixture in
            let sides = ["--source", "test", "--target", "live", "--allow-live"]
            func run(_ arguments: [String]) async throws -> CLIProcess.Outcome {
                try await CLIProcess.run(
                    arguments + ["--workdir", fixture.workdir.path], environment: try fixture.profileEnvironment(),
                    directory: fixture.folder, timeout: .seconds(300))
            }
            let clone = try await run(["clone", planPath] + sides)
            #expect(clone.status == 0, "\(clone)")

            // Someone adds a price list and a price in it to live only.
            let live = try fixture.client(.live)
            let list = try await live.create(
                "price_lists", attributes: ["name": "Live only", "currency_code": "EUR"])
            let sku = try #require(try await fixture.server.records("skus", in: .live).first)
            let price = try await live.create(
                "prices", attributes: ["amount_cents": 999],
                relationships: [
                    "price_list": .toOne(ResourceIdentifier(type: "price_lists", id: list.id)),
                    "sku": .toOne(ResourceIdentifier(type: "skus", id: sku.id)),
                ])

            let diff = try await run(["diff", planPath, "--source", "test", "--target", "live"])
            #expect(diff.status == 3, "\(diff)")
            let lines = diff.standardOutput.split(separator: "\n")
            for type in ["price_lists", "prices"] {
                #expect(
                    lines.contains {
                        $0.hasPrefix("\(type): 0 to create, 0 to update") && $0.hasSuffix(", 1 only in the target")
                    },
                    "\(diff)")
            }

            let unbounded = try await run(["clone", planPath, "--max-deletes", "3"] + sides)
            #expect(unbounded.status == 64, "\(unbounded)")

            let refused = try await run(["clone", planPath, "--prune", "--max-deletes", "0"] + sides)
            #expect(refused.status == 2, "\(refused)")
            #expect(
                refused.standardOutput.contains(
                    "prune refused: 2 records only in the target would be deleted, more than --max-deletes 0"),
                "\(refused)")
            #expect(try await Self.exists(list.id, "price_lists", fixture))
            #expect(try await Self.exists(price.id, "prices", fixture))
            let last = try #require(RunDirectory.all(workdir: fixture.workdir).max { $0.id < $1.id })
            let report = try String(contentsOfFile: last.reportMarkdownPath, encoding: .utf8)
            #expect(report.contains("## Only in the target (--prune)"), "\(report)")

            let pruned = try await run(["clone", planPath, "--prune", "--max-deletes", "2"] + sides)
            #expect(pruned.status == 0, "\(pruned)")
            #expect(pruned.standardOutput.contains("pruned: 2 records only in the target deleted"), "\(pruned)")
            #expect(try await !Self.exists(list.id, "price_lists", fixture))
            #expect(try await !Self.exists(price.id, "prices", fixture))
            try await TargetChecks.expectLiveEqualsTest(fixture, types: try planTypes(planPath))

            // Undo of the pruning run creates both again, parent first.
            let runLine = try #require(pruned.standardOutput.split(separator: "\n").first { $0.hasPrefix("run ") })
            let prunedRun = String(runLine.dropFirst(4).prefix { $0 != ":" })
            let undo = try await run(["undo", prunedRun, "--allow-live"])
            #expect(undo.status == 0, "\(undo)")
            #expect(undo.standardOutput.contains("2 created again"), "\(undo)")
            let lists = try await fixture.server.records("price_lists", in: .live).filter {
                $0.attributes["name"]?.stringValue == "Live only"
            }
            #expect(lists.count == 1)
            let prices = try await fixture.server.records("prices", in: .live).filter {
                $0.relationships["price_list"]?.refs.first?.id == lists.first?.id
            }
            #expect(prices.map { $0.attributes["amount_cents"]?.intValue } == [999], "\(prices)")
            #expect(prices.first?.relationships["sku"]?.refs.first?.id == sku.id)
        }
    }

    private static func exists(_ id: String, _ type: ResourceType, _ fixture: SandboxFixture) async throws -> Bool {
        try await fixture.server.records(type, in: .live).contains { $0.id == id }
    }
}
