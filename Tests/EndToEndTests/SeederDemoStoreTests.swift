import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

/// Commerce Layer's own seeder demo store (`Fixtures/cl-seeder-demo`: a business model beside
/// a `data/` folder) seeded with `layerclone seed`, run through the executable.
@Suite("seed Commerce Layer's seeder demo store", .tags(.endToEnd))
struct SeederDemoStoreTests {
    /// The fixture folder, read by path beside this file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cl-seeder-demo", isDirectory: true)

    /// The records each type of the business model should hold once seeded: every record of
    /// its data file, staged under the record's concrete `type` when it names one
    /// (`payment_gateways.json` holds a `manual_gateways` record).
    static func expectedCounts() throws -> [ResourceType: Int] {
        let model = try JSONValue.parse(Data(contentsOf: folder.appendingPathComponent("demo_store_full.json")))
        var counts: [ResourceType: Int] = [:]
        for entry in model.arrayValue ?? [] {
            let type = try #require(entry["resourceType"]?.stringValue)
            let file = folder.appendingPathComponent("data/\(type).json")
            for record in try JSONValue.parse(Data(contentsOf: file)).arrayValue ?? [] {
                counts[ResourceType(record["type"]?.stringValue ?? type), default: 0] += 1
            }
        }
        return counts
    }

    /// Records of the model the sandbox refuses, as Commerce Layer's schema says it should:
    /// the demo store's payment methods have no `price_amount_cents`, which the schema
    /// (`resources.json`) marks required. They are rejected and reported, never dropped.
    static let rejected: [ResourceType: Int] = ["payment_methods": 3]

    @Test(
        "every record of the business model is created or reported rejected, verified, and a second seed writes nothing"
    )
    func demoStore() async throws {
        let expected = try Self.expectedCounts()
        #expect(expected["manual_gateways"] == 1 && expected["prices"] == 750 && expected.count == 16, "\(expected)")
        let total = expected.values.reduce(0, +)
        let refused = Self.rejected.values.reduce(0, +)
        try await SandboxFixture.with(scale: 1) { fixture in
            let environment = try fixture.profileEnvironment()
            func seed() async throws -> CLIProcess.Outcome {
                try await CLIProcess.run(
                    ["seed", Self.folder.path, "--target", "live", "--allow-live", "--workdir", fixture.workdir.path],
                    environment: environment, directory: fixture.folder, timeout: .seconds(300))
            }

            let first = try await seed()
            #expect(first.status == 2 && !first.signaled, "first seed (exit 2: records rejected): \(first)")
            #expect(
                first.standardOutput.contains(
                    "\(total) records in the source; \(total - refused) created, 0 updated, 0 unchanged, \(refused) rejected"
                ),
                "\(first)")
            #expect(first.standardOutput.contains("verified: the target holds every record written"), "\(first)")
            // delivery_lead_times.json is not in the business model: Commerce Layer's seeder
            // does not seed it either, and layerclone says so.
            #expect(
                first.standardError.contains("data/delivery_lead_times.json")
                    && first.standardError.contains("not listed in demo_store_full.json"), "\(first)")
            let reportLine = try #require(
                first.standardOutput.split(separator: "\n").first { $0.hasPrefix("report: ") }, "\(first)")
            let report = try String(contentsOfFile: String(reportLine.dropFirst(8)), encoding: .utf8)
            for index in 1...3 {
                #expect(
                    report.contains(
                        "| payment_methods | `ref=payment_method_\(index)` | price_amount_cents: price_amount_cents - can't be blank |"
                    ), "\(report)")
            }
            for (type, count) in expected {
                #expect(
                    try await fixture.server.count(type, in: .live) == count - (Self.rejected[type] ?? 0), "\(type)")
            }

            let second = try await seed()
            #expect(second.status == 2 && !second.signaled, "second seed: \(second)")
            #expect(
                second.standardOutput.contains(
                    "0 created, 0 updated, \(total - refused) unchanged, \(refused) rejected"),
                "\(second)")
            for (type, count) in expected {
                #expect(
                    try await fixture.server.count(type, in: .live) == count - (Self.rejected[type] ?? 0), "\(type)")
            }
        }
    }
}
