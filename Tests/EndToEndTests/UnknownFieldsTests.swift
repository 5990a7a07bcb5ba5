import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// A Commerce Layer newer than layerclone's catalog: skus carry a `color` the catalog does not
/// know. `clone --strict-fields` stops skus (and what needs them) before anything of them is
/// written; the same command without the flag resumes the run and clones the rest of each
/// record, with a warning and a report section naming the attribute.
@Suite("Attributes the catalog does not know", .tags(.endToEnd))
struct UnknownFieldsTests {
    /// Three skus with a color, in a shipping category of their own.
    static let coloredSkus = SeedDataset(groups: [
        .init(
            type: "shipping_categories",
            records: [.init(key: "paint", attributes: ["name": "Paint", "code": "PAINT"])]),
        .init(
            type: "skus",
            records: ["red", "green", "blue"].map { color in
                SeedDataset.Record(
                    key: "sku-\(color)",
                    attributes: [
                        "code": .string("PAINT-\(color.uppercased())"), "name": .string("Paint \(color)"),
                        "color": .string(color),
                    ],
                    relationships: ["shipping_category": ["paint"]])
            }),
    ])

    @Test("--strict-fields stops the type; without it the run resumes with a warning and a report line")
    func strictThenResume() async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.extraAttributes = ["skus": ["color"]]
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            try await fixture.server.seed(Self.coloredSkus, into: .test)
            let plan = fixture.folder.appendingPathComponent("skus-and-prices.yml")
            try """
            source: test
            target: live
            resources:
              shipping_categories:
              tags:
              skus:
              price_lists:
              prices:
            """.write(to: plan, atomically: true, encoding: .utf8)
            let command = [
                "clone", plan.path, "--allow-live", "--workdir", fixture.workdir.path,
            ]
            let environment = try fixture.profileEnvironment()

            let strict = try await CLIProcess.run(
                command + ["--strict-fields"], environment: environment, directory: fixture.folder,
                timeout: .seconds(300))
            #expect(strict.status == 65, "\(strict)")
            #expect(strict.standardError.contains("skus"), "\(strict)")
            #expect(strict.standardError.contains("`color`"), "\(strict)")
            #expect(strict.standardError.contains("--strict-fields"), "\(strict)")
            #expect(try await fixture.server.count("skus", in: .live) == 0)
            #expect(try await fixture.server.count("prices", in: .live) == 0)
            #expect(try await fixture.server.count("shipping_categories", in: .live) > 0)

            let resumed = try await CLIProcess.run(
                command, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(resumed.status == 0, "\(resumed)")
            let output = resumed.standardOutput + resumed.standardError
            #expect(output.contains("test's skus carry an attribute layerclone does not know (`color`)"), "\(resumed)")
            let reportPath = try #require(
                resumed.standardOutput.split(separator: "\n").first { $0.hasPrefix("report: ") }
                    .map { String($0.dropFirst("report: ".count)) }, "\(resumed)")
            let report = try String(contentsOfFile: reportPath, encoding: .utf8)
            #expect(report.contains("## Fields not cloned"), "\(report)")
            #expect(report.contains("- skus (test): `color`"), "\(report)")
            try await TargetChecks.expectLiveEqualsTest(
                fixture, types: ["shipping_categories", "tags", "price_lists", "prices"])
            let live = try await fixture.server.records("skus", in: .live)
            #expect(live.count == (try await fixture.server.count("skus", in: .test)))
            #expect(live.allSatisfy { $0.attributes["color"] == nil || $0.attributes["color"] == .null })
        }
    }
}
