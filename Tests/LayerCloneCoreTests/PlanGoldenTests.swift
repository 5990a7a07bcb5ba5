import Foundation
import ResourceCatalog
import Testing

@testable import LayerCloneCore

/// `plan --offline --format json` of each example plan against a checked-in golden file.
/// Set `LAYERCLONE_UPDATE_GOLDEN=1` to rewrite the golden files after a deliberate change.
@Suite("Plan golden files")
struct PlanGoldenTests {
    @Test("offline JSON matches the golden file", arguments: ["store-setup", "catalog", "customers", "demo"])
    func golden(name: String) async throws {
        let text = try String(contentsOfFile: Fixtures.planPath(name), encoding: .utf8)
        let output = try await PlanPreview().render(text: text, file: "plans/\(name).yml", format: .json) + "\n"
        let url = Fixtures.goldenURL("\(name).json")
        if ProcessInfo.processInfo.environment["LAYERCLONE_UPDATE_GOLDEN"] == "1" {
            try output.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(output == expected, "run with LAYERCLONE_UPDATE_GOLDEN=1 to accept a deliberate change")
    }

    @Test("online counts flow into the JSON and the estimate")
    func online() async throws {
        let counter = ClosureRecordCounter { type, filters in
            #expect(filters == (type == "skus" ? ["code_start": .string("TS")] : [:]))
            return type == "skus" ? 7 : 1
        }
        let output = try await PlanPreview().render(
            text: "resources:\n  skus:\n    filters: {code_start: TS}\n", file: "p.yml", format: .json, counter: counter
        )
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(output.utf8))
        let steps = try #require(json.objectValue?["steps"]?.arrayValue)
        #expect(steps.map { $0.objectValue?["records"]?.intValue } == [1, 7])
        #expect(json.objectValue?["estimate"]?.objectValue?["minimum_seconds"] != .null)
    }
}
