import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// How runs end and what `status` says of them, through the executable: running (only while
/// a process holds the run), interrupted, failed, finished, finished with rejections; the
/// NDJSON stream's closing `run_finished`; Ctrl-C; a resume with an edited plan; and a
/// `missing_references: null` plan that a second run leaves alone.
@Suite("Run states through the executable", .tags(.endToEnd, .slow))
struct RunStateTests {
    /// A plan of this test in the fixture's folder.
    static func writePlan(_ text: String, named name: String, in fixture: SandboxFixture) throws -> String {
        let path = fixture.folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The NDJSON events of an outcome's standard output.
    static func events(_ outcome: CLIProcess.Outcome) -> [JSONValue] {
        outcome.standardOutput.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
    }

    /// The only run of the fixture's work folder.
    static func onlyRun(_ fixture: SandboxFixture) throws -> String {
        let runs = RunDirectory.all(workdir: fixture.workdir)
        #expect(runs.count == 1, "expected one run: \(runs.map(\.id))")
        return try #require(runs.first?.id)
    }

    func status(_ arguments: [String], _ fixture: SandboxFixture) async throws -> CLIProcess.Outcome {
        try await CLIProcess.run(
            ["status"] + arguments + ["--workdir", fixture.workdir.path], environment: [:], directory: fixture.folder,
            timeout: .seconds(60))
    }

    @Test("killed: status says interrupted and its hint (resume RUN --allow-live) finishes the run")
    func interruptedAndResumedByTheHint() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let plan = CLIProcess.plan("store-setup.yml")
            var crashing = try fixture.profileEnvironment()
            crashing["LAYERCLONE_CRASH_AT"] = "import-requested"
            let killed = try await CLIProcess.run(
                [
                    "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path,
                ],
                environment: crashing, directory: fixture.folder, timeout: .seconds(300))
            #expect(killed.killedBySIGKILL, "\(killed)")
            let run = try Self.onlyRun(fixture)

            let text = try await status([run], fixture)
            #expect(text.status == 0, "\(text)")
            #expect(text.standardOutput.contains("run \(run): interrupted,"), "\(text)")
            let hint = try #require(
                text.standardOutput.split(separator: "\n").first { $0.contains("resume with:") }
                    .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) },
                "no resume hint: \(text)")
            #expect(hint == "layerclone resume \(run) --allow-live --workdir \(fixture.workdir.path)")
            let json = try JSONValue.parse(Data(try await status([run, "--json"], fixture).standardOutput.utf8))
            #expect(json["state"]?.stringValue == "interrupted")

            // The hint, as printed, finishes the run.
            let arguments = hint.split(separator: " ").dropFirst().map(String.init)
            let resumed = try await CLIProcess.run(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder,
                timeout: .seconds(300))
            #expect(resumed.status == 0 && !resumed.signaled, "\(resumed)")
            let finished = try await status([run], fixture)
            #expect(finished.standardOutput.contains("run \(run): finished,"), "\(finished)")
            #expect(!finished.standardOutput.contains("resume with"), "\(finished)")
        }
    }

    @Test("a process holding the run: status says running; a second process is refused (64)")
    func runningOnlyWhileHeld() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let plan = try Self.writePlan("resources:\n  shipping_categories:\n", named: "sc.yml", in: fixture)
            let arguments = [
                "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path,
            ]
            var crashing = try fixture.profileEnvironment()
            crashing["LAYERCLONE_CRASH_AT"] = "diff"
            let killed = try await CLIProcess.run(
                arguments, environment: crashing, directory: fixture.folder, timeout: .seconds(120))
            #expect(killed.killedBySIGKILL, "\(killed)")
            let run = try Self.onlyRun(fixture)
            let directory = try RunDirectory.existing(id: run, workdir: fixture.workdir)

            // This test process holds the run, as a clone running it would.
            let lock = try RunLock(directory: directory)
            let held = try await status([run], fixture)
            #expect(held.standardOutput.contains("run \(run): running,"), "\(held)")
            #expect(held.standardOutput.contains("pid \(getpid())"), "\(held)")
            let second = try await CLIProcess.run(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder,
                timeout: .seconds(120))
            #expect(second.status == 64, "\(second)")
            #expect(second.standardError.contains("run \(run) is running in another process (pid \(getpid()))"))
            withExtendedLifetime(lock) {}
        }
        // The lock is released when its holder goes (`lock` ends above).
    }

    @Test("a failed run: status says failed with the failures; --json ends with run_finished (65)")
    func failedRun() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            // Prices without their price lists in scope: the lists are looked up in the target,
            // which has none, so under `fail` the prices cannot be cloned.
            let plan = try Self.writePlan(
                "include_parents: false\nresources:\n  skus:\n  prices:\n", named: "prices.yml", in: fixture)
            let outcome = try await CLIProcess.run(
                [
                    "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path, "--json",
                ], environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(300))
            #expect(outcome.status == 65, "\(outcome)")
            let last = try #require(Self.events(outcome).last)
            #expect(last["event"]?.stringValue == "run_finished", "\(outcome)")
            #expect(last["state"]?.stringValue == "failed")
            #expect(last["exit_code"]?.intValue == 65)
            #expect(last["error"]?.stringValue?.contains("prices") == true, "\(last)")
            let run = try Self.onlyRun(fixture)
            #expect(last["run"]?.stringValue == run)

            let text = try await status([run], fixture)
            #expect(text.standardOutput.contains("run \(run): failed,"), "\(text)")
            #expect(text.standardOutput.contains("error: these types could not be cloned"), "\(text)")
            #expect(text.standardOutput.contains("prices"), "\(text)")
            #expect(
                text.standardOutput.contains("fix the cause, then resume with: layerclone resume \(run) --allow-live"))
            let json = try JSONValue.parse(Data(try await status([run, "--json"], fixture).standardOutput.utf8))
            #expect(json["state"]?.stringValue == "failed")
            #expect(json["error"]?.stringValue?.contains("prices") == true, "\(json)")
        }
    }

    @Test("finished with rejections (exit 2), and `status` without a run lists the runs")
    func finishedWithRejectionsAndListing() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            // update-only into an empty target: every record is skipped.
            let plan = try Self.writePlan(
                "resources:\n  shipping_categories:\n    write: update-only\n", named: "update.yml", in: fixture)
            let outcome = try await CLIProcess.run(
                [
                    "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path, "--json",
                ], environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(300))
            #expect(outcome.status == 2, "\(outcome)")
            let last = try #require(Self.events(outcome).last)
            #expect(last["state"]?.stringValue == "finished_with_rejections", "\(outcome)")
            #expect(last["exit_code"]?.intValue == 2)
            let run = try Self.onlyRun(fixture)
            let text = try await status([run], fixture)
            #expect(text.standardOutput.contains("run \(run): finished with rejections,"), "\(text)")

            let listing = try await status([], fixture)
            #expect(listing.status == 0, "\(listing)")
            #expect(listing.standardOutput.contains("\(run)  finished with rejections,"), "\(listing)")
            let json = try JSONValue.parse(Data(try await status(["--json"], fixture).standardOutput.utf8))
            #expect(json.arrayValue?.count == 1, "\(json)")

            // `resume` of no run: 64, and its NDJSON stream still ends with run_finished.
            let noRun = try await CLIProcess.run(
                ["resume", "nosuch", "--workdir", fixture.workdir.path, "--json"], environment: [:],
                directory: fixture.folder, timeout: .seconds(60))
            #expect(noRun.status == 64, "\(noRun)")
            #expect(Self.events(noRun).last?["event"]?.stringValue == "run_finished", "\(noRun)")
            #expect(Self.events(noRun).last?["exit_code"]?.intValue == 64, "\(noRun)")

            let missing = try await status(["nosuch"], fixture)
            #expect(missing.status == 64, "\(missing)")
            #expect(
                missing.standardError.contains(
                    "no run nosuch in \(fixture.workdir.path)/runs; `layerclone status --workdir \(fixture.workdir.path)`"
                ),
                "\(missing)")
        }
    }

    @Test("Ctrl-C: `interrupted; run the same command to resume`, exit 75, run_finished last; the same command resumes")
    func interruptedBySIGINT() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            // Jobs stay pending until released: the run is certainly waiting on its first job
            // when interrupted.
            fixture.server.holdJobs { _ in true }
            let plan = CLIProcess.plan("store-setup.yml")
            let arguments = [
                "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path,
                "--json",
            ]
            let child = try CLIChild(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder)
            let started = await child.waitForOutput(containing: "\"job_created\"", timeout: .seconds(120))
            child.signal(SIGINT)
            let outcome = await child.finish(timeout: .seconds(120))
            #expect(started, "the run never created a job: \(outcome)")
            #expect(outcome.status == 75 && !outcome.signaled, "\(outcome)")
            #expect(outcome.standardError.contains("interrupted; run the same command to resume"), "\(outcome)")
            #expect(!outcome.standardError.contains("CancellationError"), "\(outcome)")
            let last = try #require(Self.events(outcome).last)
            #expect(last["event"]?.stringValue == "run_finished", "\(outcome)")
            #expect(last["state"]?.stringValue == "interrupted")
            #expect(last["exit_code"]?.intValue == 75)
            let run = try Self.onlyRun(fixture)
            let text = try await status([run], fixture)
            #expect(text.standardOutput.contains("run \(run): interrupted,"), "\(text)")

            fixture.server.releaseJobs()
            let resumed = try await CLIProcess.run(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder,
                timeout: .seconds(300))
            #expect(resumed.status == 0, "\(resumed)")
            #expect(Self.events(resumed).first?["resumed"] == .bool(true), "\(resumed)")
            #expect(Self.events(resumed).last?["state"]?.stringValue == "finished")
            _ = try Self.onlyRun(fixture)
        }
    }

    @Test("resume after the plan was edited is refused (65) naming --restart and the kept plan; the kept plan resumes")
    func editedPlanRefused() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let original = "resources:\n  shipping_categories:\n"
            let plan = try Self.writePlan(original, named: "sc.yml", in: fixture)
            var crashing = try fixture.profileEnvironment()
            crashing["LAYERCLONE_CRASH_AT"] = "diff"
            let killed = try await CLIProcess.run(
                [
                    "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path,
                ],
                environment: crashing, directory: fixture.folder, timeout: .seconds(120))
            #expect(killed.killedBySIGKILL, "\(killed)")
            let run = try Self.onlyRun(fixture)
            let kept = RunDirectory.runsFolder(workdir: fixture.workdir).appendingPathComponent("\(run)/plan.yml").path
            #expect(try String(contentsOfFile: kept, encoding: .utf8) == original)

            try (original + "    transforms:\n      - set: {field: reference_origin, value: edited}\n")
                .write(toFile: plan, atomically: true, encoding: .utf8)
            let resume = ["resume", run, "--allow-live", "--workdir", fixture.workdir.path, "--json"]
            let refused = try await CLIProcess.run(
                resume, environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(120)
            )
            #expect(refused.status == 65, "\(refused)")
            #expect(refused.standardError.contains("the plan \(plan) changed since run \(run) started"), "\(refused)")
            #expect(refused.standardError.contains("`layerclone clone \(plan) --restart --allow-live`"), "\(refused)")
            #expect(refused.standardError.contains("`cp \(kept) \(plan)`"), "\(refused)")
            #expect(Self.events(refused).last?["event"]?.stringValue == "run_finished", "\(refused)")
            #expect(try await fixture.server.count("shipping_categories", in: .live) == 0, "the refused resume wrote")

            try FileManager.default.removeItem(atPath: plan)
            try FileManager.default.copyItem(atPath: kept, toPath: plan)
            let resumed = try await CLIProcess.run(
                resume, environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(120)
            )
            #expect(resumed.status == 0, "\(resumed)")
            #expect(try await fixture.server.count("shipping_categories", in: .live) == 2)
        }
    }

    @Test("`missing_references: null`: the second run updates nothing (a nulled reference is no difference)")
    func nullPolicyIsIdempotent() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            // Customers' groups are optional parents left out of scope: looked up in the
            // target, which has none, so the null policy writes customers without them.
            let plan = try Self.writePlan(
                "missing_references: null\nresources:\n  customers:\n", named: "customers.yml", in: fixture)
            let arguments = [
                "clone", plan, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path,
                "--json",
            ]
            let first = try await CLIProcess.run(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder,
                timeout: .seconds(300))
            #expect(first.status == 2, "\(first)")
            let firstTotals = try #require(Self.events(first).last?["totals"])
            #expect((firstTotals["missing_references"]?.intValue ?? 0) > 0, "\(firstTotals)")
            #expect((firstTotals["created"]?.intValue ?? 0) > 0, "\(firstTotals)")

            let second = try await CLIProcess.run(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder,
                timeout: .seconds(300))
            let totals = try #require(Self.events(second).last?["totals"], "\(second)")
            #expect(totals["updated"]?.intValue == 0, "the second run updated again: \(totals)")
            #expect(totals["created"]?.intValue == 0, "\(totals)")
            #expect(totals["unchanged"]?.intValue == firstTotals["created"]?.intValue, "\(totals)")
        }
    }
}
