import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

/// `snapshot`, `seed` and `verify` as the README shows them, run through the executable against
/// an in-process sandbox.
@Suite("snapshot, seed and verify commands", .tags(.endToEnd))
struct SnapshotSeedCommandTests {
    @Test("snapshot then seed then verify exit 0; verify exits 3 once the target changes")
    func snapshotSeedVerify() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let environment = try fixture.profileEnvironment()
            let workdir = fixture.workdir.path
            let plan = CLIProcess.plan("demo.yml")
            let snapshot = fixture.folder.appendingPathComponent("store.lcsnap").path
            func run(_ arguments: [String]) async throws -> CLIProcess.Outcome {
                try await CLIProcess.run(
                    arguments + ["--workdir", workdir], environment: environment, directory: fixture.folder,
                    timeout: .seconds(180))
            }

            let saved = try await run(["snapshot", plan, "--source", "test", "--out", snapshot])
            #expect(saved.status == 0 && !saved.signaled, "snapshot: \(saved)")
            #expect(saved.standardOutput.contains("snapshot: \(snapshot)"), "snapshot: \(saved)")
            #expect(FileManager.default.fileExists(atPath: snapshot))

            let seeded = try await run(["seed", snapshot, "--target", "live", "--allow-live"])
            #expect(seeded.status == 0 && !seeded.signaled, "seed: \(seeded)")
            // Without a probe of the target, seed names the behaviours it assumes.
            #expect(seeded.standardError.contains("no probe of the live environment of sandbox-org"), "\(seeded)")
            let (liveSkus, testSkus) = (
                try await fixture.server.count("skus", in: .live), try await fixture.server.count("skus", in: .test)
            )
            #expect(liveSkus > 0 && liveSkus == testSkus, "live holds \(liveSkus) skus, test \(testSkus)")

            let equal = try await run(["verify", plan, "--source", "test", "--target", "live"])
            #expect(equal.status == 0 && !equal.signaled, "verify: \(equal)")
            #expect(equal.standardOutput.contains("the target holds every record of the source"), "\(equal)")

            let price = try #require(try await fixture.server.records("prices", in: .live).first)
            let amount = try #require(price.attributes["amount_cents"]?.intValue)
            _ = try await fixture.client(.live).update(
                "prices", id: price.id, attributes: ["amount_cents": .int(amount + 1)])
            let different = try await run(["verify", plan, "--source", "test", "--target", "live"])
            #expect(different.status == 3 && !different.signaled, "verify after a change: \(different)")
            #expect(different.standardOutput.contains("prices:"), "\(different)")
            #expect(different.standardOutput.contains("amount_cents"), "\(different)")
        }
    }

    @Test("seed DIR --target test creates the seeder folder's records; a second seed writes nothing")
    func seederFolder() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let data = fixture.folder.appendingPathComponent("seed-folder", isDirectory: true)
            try SeederFolderSample.write(to: data)
            let environment = try fixture.profileEnvironment()
            let skusBefore = try await fixture.server.count("skus", in: .test)
            let pricesBefore = try await fixture.server.count("prices", in: .test)
            func seed() async throws -> CLIProcess.Outcome {
                try await CLIProcess.run(
                    ["seed", data.path, "--target", "test", "--workdir", fixture.workdir.path, "--json"],
                    environment: environment, directory: fixture.folder, timeout: .seconds(120))
            }

            let first = try await seed()
            #expect(first.status == 0 && !first.signaled, "first seed: \(first)")
            let firstTotals = try Self.totals(first)
            #expect(firstTotals["created"] == .int(Int64(SeederFolderSample.recordCount)), "\(firstTotals)")
            #expect(try await fixture.server.count("skus", in: .test) == skusBefore + 3)
            #expect(try await fixture.server.count("prices", in: .test) == pricesBefore + 3)

            let second = try await seed()
            #expect(second.status == 0 && !second.signaled, "second seed: \(second)")
            let secondTotals = try Self.totals(second)
            #expect(secondTotals["created"] == .int(0) && secondTotals["updated"] == .int(0), "\(secondTotals)")
            #expect(secondTotals["unchanged"] == .int(Int64(SeederFolderSample.recordCount)), "\(secondTotals)")
            #expect(try await fixture.server.count("skus", in: .test) == skusBefore + 3)
            #expect(try await fixture.server.count("prices", in: .test) == pricesBefore + 3)
        }
    }

    /// The totals of the NDJSON stream's `run_finished` event.
    static func totals(_ outcome: CLIProcess.Outcome) throws -> [String: JSONValue] {
        let line = try #require(
            outcome.standardOutput.split(separator: "\n").last { $0.contains("\"run_finished\"") },
            "no run_finished event: \(outcome)")
        let event = try JSONValue.parse(Data(line.utf8))
        return try #require(event["totals"]?.objectValue, "run_finished has no totals: \(line)")
    }
}
