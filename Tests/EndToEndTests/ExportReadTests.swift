import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// Sets larger than a page read, read with export jobs.
@Suite("Reading with export jobs", .tags(.endToEnd))
struct ExportReadTests {
    /// 130 price lists, 44 of them with `tax_included: false`.
    static let priceLists = SeedDataset(groups: [
        .init(
            type: "price_lists",
            records: (0..<130).map { index in
                SeedDataset.Record(
                    key: "pl-\(index)",
                    attributes: [
                        "name": .string("List \(index)"), "code": .string("PL-X\(index)"), "currency_code": "EUR",
                        "tax_included": .bool(index % 3 != 0),
                    ])
            })
    ])

    /// Seeds `priceLists` into test and clones them into live, expecting no problems.
    /// - Returns: the result and the warnings the run emitted.
    static func clonePriceLists(_ fixture: SandboxFixture) async throws -> (result: CloneResult, warnings: [String]) {
        try await fixture.server.seed(priceLists, into: .test)
        let events = RecordingEventSink()
        let result = try await fixture.clone(planPath: try priceListPlan(fixture), events: events)
        #expect(!result.hasProblems, "\(result.totals), \(findings(result))")
        let warnings = events.events.compactMap { event -> String? in
            if case .warning(let message) = event { message } else { nil }
        }
        return (result, warnings)
    }

    /// A plan cloning price lists only, written beside the fixture's work folder.
    static func priceListPlan(_ fixture: SandboxFixture) throws -> String {
        let plan = fixture.workdir.deletingLastPathComponent().appendingPathComponent("price-lists.yml")
        try "source: test\ntarget: live\nresources:\n  price_lists:\n".write(
            to: plan, atomically: true, encoding: .utf8)
        return plan.path
    }

    /// `dry_data` exports drop blanks, and Commerce Layer's Rails counts `false` as blank: price
    /// lists default `tax_included` to true, so a `false` dropped from an export would come out
    /// `true` in the target. The clone's exports never ask for `dry_data`; under both behaviours
    /// of the sandbox the lists clone equal.
    @Test("price lists with tax_included false clone equal", arguments: [false, true])
    func taxIncludedFalse(keepsFalse: Bool) async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.dryDataKeepsFalse = keepsFalse
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            _ = try await Self.clonePriceLists(fixture)
            let exported = fixture.jobs(kind: .exports).contains { $0.resourceType == "price_lists" }
            #expect(exported, "the price lists were not read with an export job")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: ["price_lists"])
            // 44 of the seeded lists and the demo store's US list.
            let live = try await fixture.server.records("price_lists", in: .live)
            #expect(live.filter { $0.attributes["tax_included"] == false }.count == 45)
        }
    }

    /// An environment that refuses to export a type is read page by page, and says so: a
    /// warning and a report line with the type, the API's reason and the list requests it
    /// costs. The target still equals the source.
    @Test("a refused export is read page by page, with a warning and a report line")
    func refusedExport() async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.exportableTypes = .legacy
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let (result, warnings) = try await Self.clonePriceLists(fixture)
            let warning = try #require(warnings.first { $0.contains("refused to export price_lists") }, "\(warnings)")
            // 133 lists (the demo store's three and 130 more): 6 pages of 25.
            #expect(warning.contains("about 6 list requests"), "\(warning)")
            let report = try String(contentsOfFile: result.reportPath, encoding: .utf8)
            #expect(report.contains("## Reads page by page"))
            #expect(report.contains("| price_lists | test |"), "\(report)")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: ["price_lists"])
        }
    }

    /// An organization that exports fewer records a job than the plan's chunk refuses the
    /// export with Commerce Layer's shape (422, `meta.error: "less_than_or_equal_to"`, the
    /// maximum in `meta.count`): the read is cut again at that maximum, with a warning, and the
    /// target still equals the source.
    @Test("an export cap below the plan's chunk is learnt from the refusal and the read cut again")
    func exportCapLearnt() async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.limits.exportMaxRecords = 60
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let (_, warnings) = try await Self.clonePriceLists(fixture)
            #expect(warnings.filter { $0.contains("exports at most 60 records a job") }.count == 1, "\(warnings)")
            // 133 lists in exports of at most 60: three jobs of 45, 44 and 44 in test, and as
            // many when live's are read back (the same organization: cut at 60 from the start).
            for environment in SandboxEnvironment.allCases {
                let exports = fixture.jobs(kind: .exports).filter {
                    $0.resourceType == "price_lists" && $0.environment == environment
                }
                #expect(exports.count == 3, "\(environment): \(exports.count) exports")
            }
            try await TargetChecks.expectLiveEqualsTest(fixture, types: ["price_lists"])
        }
    }
}
