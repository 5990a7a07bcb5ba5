import Foundation
import LayerCloneCore
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

/// The README's plan and seed examples, run as a new user would: every plan validates, the
/// complete example clones the sandbox's demo store, the seed file loads.
@Suite("README examples", .tags(.endToEnd))
struct ReadmeExamplesTests {
    /// The README's fenced blocks of one language (the text between ```` ```<language> ```` and
    /// ```` ``` ````).
    static func fencedBlocks(_ language: String) throws -> [String] {
        let text = try String(
            contentsOf: CLIProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line.hasPrefix("```") {
                    blocks.append(lines.joined(separator: "\n") + "\n")
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line == "```\(language)" {
                current = []
            }
        }
        return blocks
    }

    /// The README's plan examples: YAML blocks with `resources` (the others are credentials).
    static func planExamples() throws -> [String] {
        try fencedBlocks("yaml").filter { $0.contains("\nresources:") || $0.hasPrefix("resources:") }
    }

    @Test("every plan example of the README validates (`plan FILE --offline` exits 0)")
    func plansValidate() async throws {
        let plans = try Self.planExamples()
        #expect(!plans.isEmpty, "the README has no plan example")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, plan) in plans.enumerated() {
            let path = folder.appendingPathComponent("readme-plan-\(index).yml")
            try plan.write(to: path, atomically: true, encoding: .utf8)
            let outcome = try await CLIProcess.run(
                ["plan", path.path, "--offline"], environment: [:], directory: folder, timeout: .seconds(60))
            #expect(outcome.status == 0 && !outcome.signaled, "README plan example \(index + 1):\n\(plan)\n\(outcome)")
        }
    }

    @Test("the README's complete example plan clones the demo store, exit 0, transforms applied")
    func completeExampleClones() async throws {
        let plan = try #require(
            try Self.planExamples().first { $0.contains("limits:") && $0.contains("transforms:") },
            "the README's complete example plan is missing")
        try await SandboxFixture.with(scale: 1) { fixture in
            let path = fixture.folder.appendingPathComponent("complete.yml")
            try plan.write(to: path, atomically: true, encoding: .utf8)
            let outcome = try await CLIProcess.run(
                ["clone", path.path, "--allow-live", "--workdir", fixture.workdir.path, "--json"],
                environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(300))
            #expect(outcome.status == 0 && !outcome.signaled, "\(outcome)")
            let last = try #require(outcome.standardOutput.split(separator: "\n").last.map(String.init))
            let finished = try JSONValue.parse(Data(last.utf8))
            #expect(finished["event"]?.stringValue == "run_finished")
            #expect(finished["state"]?.stringValue == "finished")

            let sourceSkus = try await fixture.server.records("skus", in: .test)
            let skus = try await fixture.server.records("skus", in: .live)
            #expect(
                !sourceSkus.isEmpty && skus.count == sourceSkus.count, "the filter `code_start: DEMO-` keeps every sku")
            for sku in skus {
                #expect(sku.attributes["reference_origin"] == "layerclone", "`set` was not applied: \(sku.attributes)")
                #expect(sku.attributes["name"]?.stringValue?.isEmpty == false, "a sku lost its name: \(sku.attributes)")
                let collection = sku.attributes["metadata"]?["collection"]?.stringValue
                #expect(collection == "SS" || collection == "FW", "`map` was not applied: \(sku.attributes)")
            }
            let customers = try await fixture.server.records("customers", in: .live)
            #expect(!customers.isEmpty)
            for customer in customers {
                #expect(
                    customer.attributes["email"]?.stringValue?.hasSuffix("@example.com") == true
                        && customer.attributes["email"]?.stringValue?.hasPrefix("user-") == true,
                    "`mask` was not applied: \(customer.attributes)")
            }
        }
    }

    @Test("the README's seed file example loads into `sandbox serve --seed FILE`")
    func seedExampleLoads() async throws {
        let seed = try #require(
            try Self.fencedBlocks("json").first { $0.contains("layerclone-sandbox-seed/1") },
            "the README's seed example is missing")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("seed.json")
        try seed.write(to: path, atomically: true, encoding: .utf8)
        let child = try CLIChild(
            ["sandbox", "serve", "--port", "0", "--seed", path.path, "--json"], environment: [:], directory: folder)
        let listening = await child.waitForOutput(containing: "base_url", timeout: .seconds(60))
        child.signal(SIGINT)
        let outcome = await child.finish(timeout: .seconds(30))
        #expect(listening, "the sandbox did not start with the README's seed: \(outcome)")
        #expect(outcome.status == 0 && !outcome.signaled, "\(outcome)")
    }

    private func temporaryFolder() throws -> URL { try TemporaryFolder.make("layerclone-readme") }
}
