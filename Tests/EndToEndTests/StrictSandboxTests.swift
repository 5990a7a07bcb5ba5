import Foundation
import LayerCloneCore
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

/// The clone against `sandbox serve --strict`: the harder alternative of every behaviour
/// switch at once, with HTTP 500s, 429s, connection resets and failed jobs. The target still
/// equals the source, and nothing is created twice.
@Suite("Clone under --strict", .tags(.endToEnd, .slow))
struct StrictSandboxTests {
    /// The whole demo store: `plans/demo.yml`'s types without its transforms, so that every
    /// record of live can be compared with its source.
    static let fullPlan = """
        source: test
        target: live
        resources:
          store-setup:
          customer_groups:
          customers:
            optional_parents: [customer_group]
          addresses:
          customer_addresses:
          markets:
            optional_parents: [customer_group]
        """

    @Test("probe, then clone of the whole demo store under --strict: target equals source, nothing twice")
    func cloneUnderStrict() async throws {
        var configuration = SandboxConfiguration.strict
        configuration.conditions.faultSeed = 5
        configuration.conditions.jobSpeed = .instant
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let planPath = fixture.folder.appendingPathComponent("full.yml").path
            try Self.fullPlan.write(toFile: planPath, atomically: true, encoding: .utf8)
            let types = try planTypes(planPath)
            // The probe reports the strict behaviours of the target and leaves nothing in it.
            let probe = try await CLIProcess.run(
                ["probe", "--profile", "live", "--allow-live", "--json", "--workdir", fixture.workdir.path],
                environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(300))
            #expect(probe.status == 0, "\(probe)")
            let capabilities = try JSONValue.parse(probe.standardOutput)["capabilities"]
            let strict: [String: JSONValue] = [
                "nested_type_form": "type", "import_input_cap": 2_000, "imports_set_tags": false,
                "exportable_types": "legacy", "export_includes": "whitelist", "dry_data_keeps_false": false,
                "dry_data_keeps_relation_ids": false, "token_lifetime_seconds": 30, "attachment_ttl_seconds": 5,
            ]
            for (key, value) in strict {
                #expect(capabilities?[key] == value, "\(key): \(capabilities?[key] ?? "missing")")
            }
            let outcome = try await CLIProcess.run(
                [
                    "clone", planPath, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path, "--json",
                ], environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(420))
            #expect(!outcome.signaled && outcome.status == 0, "\(outcome)")
            #expect(outcome.standardError.contains("behaviours of the live environment of sandbox-org, probed"))
            let injected = fixture.server.state.faults.injectedCounts
            #expect(injected[.http500, default: 0] > 0 && injected[.reset, default: 0] > 0, "\(injected)")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await TargetChecks.expectCodesUnique(fixture, types: types)
            TargetChecks.expectJobReferencesUnique(fixture)
        }
    }

    @Test("layerclone demo --strict runs to the end and exits 0")
    func demoStrict() async throws {
        let folder = TemporaryFolder.url("layerclone-demo-strict")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await CLIProcess.run(
            [
                "demo", "--strict", "--plan", CLIProcess.plan("demo.yml"), "--workdir",
                folder.appendingPathComponent("work").path, "--json",
            ], environment: [:], directory: folder, timeout: .seconds(420))
        #expect(!outcome.signaled && outcome.status == 0, "\(outcome)")
        let lines = outcome.standardOutput.split(separator: "\n")
        let finished = try #require(lines.last { $0.contains("run_finished") }, "no run_finished event: \(outcome)")
        #expect(finished.contains("\"exit_code\":0"), "\(finished)")
    }

    @Test("sandbox serve --strict refuses behaviour switches it sets itself")
    func strictRefusesSwitches() async throws {
        let folder = FileManager.default.temporaryDirectory
        let outcome = try await CLIProcess.run(
            ["sandbox", "serve", "--strict", "--faults", "http500=0.1", "--import-max-inputs", "50"], environment: [:],
            directory: folder, timeout: .seconds(30))
        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.standardError.contains("drop --import-max-inputs, --faults"), "\(outcome)")
    }
}
