import Foundation
import LayerCloneCore
import Sandbox
import Testing

/// The drift guard through the executable: a record changed in the target after layerclone
/// wrote it is left as it is on the next clone, reported, and the run ends with 2;
/// `--overwrite-drift` writes it. A change in the source alone is still written.
@Suite("Drift guard", .tags(.endToEnd))
struct DriftGuardTests {
    @Test("clone, edit a live price, change a test price, clone again: the live edit is kept and reported")
    func liveEditKept() async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(scale: 1) { fixture in
            let types = try planTypes(planPath)
            let arguments = [
                "clone", planPath, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path,
            ]
            let environment = try fixture.profileEnvironment()
            let first = try await CLIProcess.run(
                arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(first.status == 0, "\(first)")

            // Someone edits one live price; the source changes another.
            let livePrices = try await fixture.server.records("prices", in: .live)
            let edited = try #require(livePrices.first)
            let editedAmount = try #require(edited.attributes["amount_cents"]?.intValue) + 4_242
            _ = try await fixture.client(.live).update(
                "prices", id: edited.id, attributes: ["amount_cents": .int(editedAmount)])
            let editedSKU = try #require(edited.attributes["sku_code"]?.stringValue)
            let testPrices = try await fixture.server.records("prices", in: .test)
            let changed = try #require(
                testPrices.first {
                    $0.attributes["sku_code"]?.stringValue != editedSKU
                        || $0.attributes["currency_code"] != edited.attributes["currency_code"]
                })
            let changedAmount = try #require(changed.attributes["amount_cents"]?.intValue) + 137
            _ = try await fixture.client(.test).update(
                "prices", id: changed.id, attributes: ["amount_cents": .int(changedAmount)])

            let second = try await CLIProcess.run(
                arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(second.status == 2, "\(second)")
            #expect(
                second.standardOutput.contains(
                    "drifted: 1 record changed in the target since layerclone last wrote them"),
                "\(second)")
            let kept = try await fixture.server.records("prices", in: .live).first { $0.id == edited.id }
            #expect(kept?.attributes["amount_cents"]?.intValue == editedAmount, "the live edit was overwritten")
            let landed = try await fixture.server.records("prices", in: .live).filter {
                $0.attributes["amount_cents"]?.intValue == changedAmount
            }
            #expect(landed.count == 1, "the source's change was not written: \(landed.count)")
            let run = try #require(RunDirectory.all(workdir: fixture.workdir).first)
            let report = try String(contentsOfFile: run.reportMarkdownPath, encoding: .utf8)
            #expect(report.contains("## Changed in the target since layerclone wrote them"), "\(report)")
            #expect(report.contains(editedSKU), "the report does not name the drifted price")

            // Still drifted on the next run; --overwrite-drift writes it.
            let third = try await CLIProcess.run(
                arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(third.status == 2, "\(third)")
            let overwritten = try await CLIProcess.run(
                arguments + ["--overwrite-drift"], environment: environment, directory: fixture.folder,
                timeout: .seconds(300))
            #expect(overwritten.status == 0, "\(overwritten)")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            let after = try await CLIProcess.run(
                arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(after.status == 0, "a clone after the overwrite still found drift: \(after)")
        }
    }
}
