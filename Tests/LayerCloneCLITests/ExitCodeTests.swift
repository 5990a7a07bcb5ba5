import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import Sandbox
import Testing

@testable import layerclone

/// Every exit code the README documents, from a command run in this process
/// (`LayerClone.run(_:in:)` with an injected context): the code and what the user reads.
// A bound on hangs, not on speed: a test may first queue for a sandbox (`SandboxSlots`).
@Suite("Exit codes", .timeLimit(.minutes(10)))
struct ExitCodeTests {
    /// A plan of one small type the demo store holds.
    static let shippingCategories = "resources:\n  shipping_categories:\n"

    /// A transport for commands that must fail before any request: a request is a test failure.
    static let noRequests: @Sendable () -> any HTTPTransport = {
        StubTransport { request in
            Issue.record("unexpected request \(request)")
            throw CancellationError()
        }
    }

    /// Arguments of a clone from the sandbox's test environment into its live one.
    static func clone(_ plan: String, _ sandbox: CommandSandbox, allowLive: Bool = true) -> [String] {
        ["clone", plan, "--source", "test", "--target", "live", "--workdir", sandbox.workdir]
            + (allowLive ? ["--allow-live"] : [])
    }

    @Test("0: a clone that went well says the target holds every record written")
    func success() async throws {
        try await CommandSandbox.with { sandbox in
            let plan = try sandbox.writePlan(Self.shippingCategories, named: "plan.yml")
            let run = try await sandbox.run(Self.clone(plan, sandbox))
            #expect(run.exitCode == ExitStatus.success.rawValue, "\(run)")
            #expect(run.standardOutput.contains("0 rejected, 0 skipped"), "\(run)")
            #expect(run.standardOutput.contains("verified: the target holds every record written"), "\(run)")
            #expect(run.standardError.contains("starting run"), "\(run)")
        }
    }

    @Test("2: records the target skipped (update-only into an empty target) end the run with 2")
    func rejectedRecords() async throws {
        try await CommandSandbox.with { sandbox in
            let plan = try sandbox.writePlan(
                "resources:\n  shipping_categories:\n    write: update-only\n", named: "update.yml")
            let run = try await sandbox.run(Self.clone(plan, sandbox))
            #expect(run.exitCode == ExitStatus.finishedWithRejections.rawValue, "\(run)")
            #expect(run.standardOutput.contains("0 created"), "\(run)")
            #expect(!run.standardOutput.contains(" 0 skipped"), "\(run)")
            #expect(!run.standardError.contains("error:"), "\(run)")
        }
    }

    @Test("3: verify of a target that lacks the source's records says they differ")
    func differences() async throws {
        try await CommandSandbox.with { sandbox in
            let plan = try sandbox.writePlan(Self.shippingCategories, named: "plan.yml")
            let run = try await sandbox.run([
                "verify", plan, "--source", "test", "--target", "live", "--workdir", sandbox.workdir,
            ])
            #expect(run.exitCode == ExitStatus.differences.rawValue, "\(run)")
            #expect(run.standardOutput.contains("shipping_categories:"), "\(run)")
            #expect(run.standardOutput.contains("DIFFERENT"), "\(run)")
            #expect(run.standardOutput.hasSuffix("the environments differ\n"), "\(run)")
        }
    }

    @Test("64: an unknown option is refused with the usage")
    func usage() async {
        let run = await CommandRun.run(["clone", "plan.yml", "--no-such-option"])
        #expect(run.exitCode == ExitStatus.usage.rawValue, "\(run)")
        #expect(run.standardError.contains("Error: Unknown option '--no-such-option'"), "\(run)")
        #expect(run.standardError.contains("Usage: layerclone clone"), "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
    }

    @Test("64: the same profile as source and target is refused before any request")
    func sameEnvironment() async throws {
        let folder = TemporaryFolder.url("layerclone-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = await CommandRun.run(
            [
                "clone", CommandRun.plan("store-setup.yml"), "--source", "test", "--target", "test", "--workdir",
                folder.path,
            ],
            transport: Self.noRequests)
        #expect(run.exitCode == ExitStatus.usage.rawValue, "\(run)")
        #expect(
            run.standardError
                == "error: source and target are the same profile \"test\"; a clone needs two environments\n",
            "\(run)")
    }

    @Test("64: a live target without --allow-live (nobody at a terminal to confirm it)")
    func liveTargetRefused() async throws {
        try await CommandSandbox.with { sandbox in
            let plan = try sandbox.writePlan(Self.shippingCategories, named: "plan.yml")
            let run = try await sandbox.run(Self.clone(plan, sandbox, allowLive: false))
            #expect(run.exitCode == ExitStatus.usage.rawValue, "\(run)")
            #expect(run.standardError.contains("the target is the live environment of"), "\(run)")
            #expect(run.standardError.contains("pass --allow-live to write to it"), "\(run)")
            #expect(try await sandbox.server.count("shipping_categories", in: .live) == 0)
        }
    }

    @Test("65: a plan that is not YAML is refused naming the file")
    func badPlan() async throws {
        let folder = TemporaryFolder.url("layerclone-cli")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("broken.yml").path
        try "resources: [shipping_categories\n  nope: {".write(toFile: plan, atomically: true, encoding: .utf8)
        let run = await CommandRun.run(
            ["clone", plan, "--source", "test", "--target", "live", "--workdir", folder.path],
            transport: Self.noRequests)
        #expect(run.exitCode == ExitStatus.badPlanOrData.rawValue, "\(run)")
        #expect(run.standardError.hasPrefix("error: \(plan):"), "\(run)")
    }
}
