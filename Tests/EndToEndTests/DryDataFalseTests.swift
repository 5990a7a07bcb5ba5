import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// `dry_data` exports drop blanks, and Commerce Layer's Rails counts `false` as blank. Price
/// lists default `tax_included` to true, so a `false` dropped from the export would come out
/// `true` in the target. A set larger than a page read (read by export jobs) clones equal
/// under both behaviours of the sandbox.
@Suite("Clone keeps false values dry_data drops", .tags(.endToEnd))
struct DryDataFalseTests {
    @Test("price lists with tax_included false clone equal", arguments: [false, true])
    func taxIncludedFalse(keepsFalse: Bool) async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.dryDataKeepsFalse = keepsFalse
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            // More than a page read takes, so the set is read with export jobs.
            let lists = (0..<130).map { index in
                SeedDataset.Record(
                    key: "pl-\(index)",
                    attributes: [
                        "name": .string("List \(index)"), "code": .string("PL-X\(index)"), "currency_code": "EUR",
                        "tax_included": .bool(index % 3 != 0),
                    ])
            }
            try await fixture.server.seed(
                SeedDataset(groups: [.init(type: "price_lists", records: lists)]), into: .test)
            let plan = fixture.workdir.deletingLastPathComponent().appendingPathComponent("price-lists.yml")
            try "source: test\ntarget: live\nresources:\n  price_lists:\n".write(
                to: plan, atomically: true, encoding: .utf8)

            let result = try await fixture.clone(planPath: plan.path)
            #expect(!result.hasProblems, "\(result.totals), \(findings(result))")
            let exported = fixture.jobs(kind: .exports).contains { $0.resourceType == "price_lists" }
            #expect(exported, "the price lists were not read with an export job")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: ["price_lists"])
            // 44 of the seeded lists and the demo store's US list.
            let live = try await fixture.server.records("price_lists", in: .live)
            #expect(live.filter { $0.attributes["tax_included"] == false }.count == 45)
        }
    }
}
