import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog

/// `layerclone bench clone`: a whole clone of a demo store against the sandbox under a timing
/// profile, measured against the plan's lower bound and, optionally, a sequential baseline.
struct BenchCloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Time a whole clone against the sandbox and compare it with the plan's lower bound.",
        discussion: """
            Starts the sandbox in a child process with --profile (realistic: \
            \(TimingProfile.realistic.jobStartLatency)s job start latency, \
            \(Int(TimingProfile.realistic.exportRecordsPerSecond)) exported and \
            \(Int(TimingProfile.realistic.importRecordsPerSecond)) imported records per second per job, \
            \(TimingProfile.realistic.jobsPerKind) jobs of a kind at once, \
            \(Int(TimingProfile.realistic.requestLatency * 1000)) ms per request, documented rate budgets with \
            test at half of live), seeds a demo store of about --records records in its test \
            environment, clones --plan into its live environment and prints one JSON line: records, \
            wall_seconds, bound_seconds (the plan's lower bound under the profile), ratio, \
            requests_per_1000 (both clients), http_429, peak_rss_bytes (this process only: the \
            sandbox runs in the child) and, with --baseline sequential, baseline_seconds and speedup \
            (the same clone one type, one job and one REST write at a time, on a fresh sandbox). \
            With --runs N the clone runs N times and the figures are the median run's (by wall \
            time), with every run's wall time in runs_wall_seconds; peak_rss_bytes is then the \
            highest of all.

            Example: layerclone bench clone --records 100000 --baseline sequential
            """
    )

    @Option(help: "Approximate records to seed and clone.")
    var records = 100_000

    @Option(help: "The plan to clone.")
    var plan = "plans/store-setup.yml"

    @Option(help: "Timing profile of the sandbox (realistic).")
    var profile = "realistic"

    @Option(help: "Also run a baseline: sequential.")
    var baseline: String?

    @Option(help: "Clone this many times, each on a fresh sandbox, and report the median run by wall time.")
    var runs = 1

    @Flag(help: "Print only the JSON line (no progress notes on standard error).")
    var json = false

    @Flag(
        name: .customLong("baseline-only"), help: "Run only the --baseline clone (its figures replace the main ones).")
    var baselineOnly = false

    @Flag(
        name: .customLong("keep-runs"),
        help: "Keep each clone's run folder (journal with every unit's times, report) and print its path.")
    var keepRuns = false

    @Flag(name: .customLong("sandbox-child"), help: .hidden)
    var sandboxChild = false

    @Option(help: .hidden)
    var scale = 1

    func validate() throws {
        guard records >= 100 else { throw ValidationError("--records must be at least 100") }
        guard (1...20).contains(runs) else { throw ValidationError("--runs must be between 1 and 20, not \(runs)") }
        guard TimingProfile.all[profile] != nil else {
            throw ValidationError(
                "unknown --profile \(profile); known: \(TimingProfile.all.keys.sorted().joined(separator: ", "))")
        }
        if let baseline, baseline != "sequential" { throw ValidationError("--baseline must be sequential") }
        if baselineOnly, baseline == nil { throw ValidationError("--baseline-only needs --baseline sequential") }
    }

    func run() async throws {
        let timing = TimingProfile.all[profile]!
        if sandboxChild { return try await CloneBenchSandbox.serveUntilStdinCloses(profile: timing, scale: scale) }
        guard FileManager.default.fileExists(atPath: plan) else {
            throw CommandFailure(.usage, "cannot find the plan \(plan): run from the project's folder, or pass --plan")
        }
        let setup = CloneSetup(
            planPath: plan, workdir: URL(fileURLWithPath: "."), events: CloneBenchmark.DiscardingSink())
        let (executionPlan, text) = try setup.executionPlan()
        let scale = CloneBenchSandbox.scale(forRecords: records, types: Set(executionPlan.steps.map(\.type)))
        var measured: [(run: CloneBenchmark.Measurement, counts: [ResourceType: Int])] = []
        for _ in 0..<runs {
            measured.append(try await measure(executionPlan, text, scale: scale, sequential: baselineOnly))
        }
        // The median run by wall time (of an even count, the slower of the two middle ones).
        let main = measured.sorted { $0.run.wallSeconds < $1.run.wallSeconds }[runs / 2]
        var baselineRun: CloneBenchmark.Measurement?
        if baseline != nil, !baselineOnly {
            baselineRun = try await measure(executionPlan, text, scale: scale, sequential: true).run
        }
        let bounder = LowerBound(
            profile: timing, exportChunk: executionPlan.limits.exportChunk,
            importChunk: executionPlan.limits.importChunk)
        let toMany = CloneBenchSandbox.toManyRecords(scale: scale, plan: executionPlan)
        let bound = bounder.estimate(LowerBound.steps(of: executionPlan, counts: main.counts, toMany: toMany))
        print(
            CloneBenchmark.line(
                main.run, bound: bound, peakResidentBytes: BenchDownloadCommand.peakResidentBytes(),
                baseline: baselineRun, runsWallSeconds: runs > 1 ? measured.map(\.run.wallSeconds) : nil
            ).canonicalJSON)
    }

    /// Starts a fresh sandbox child, clones once, stops the child.
    private func measure(_ executionPlan: ExecutionPlan, _ text: String, scale: Int, sequential: Bool) async throws
        -> (run: CloneBenchmark.Measurement, counts: [ResourceType: Int])
    {
        note("seeding a demo store (scale \(scale)) in a sandbox child process…")
        let sandbox = try await CloneBenchSandbox.startChild(profile: profile, scale: scale)
        let workdir = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-clone-\(UUID().uuidString)")
        do {
            let source = try Profile(
                name: "sandbox-test", clientID: sandbox.test.clientID, clientSecret: Secret(sandbox.test.clientSecret),
                baseURL: sandbox.baseURL, tokenURL: sandbox.authURL)
            let target = try Profile(
                name: "sandbox-live", clientID: sandbox.live.clientID, clientSecret: Secret(sandbox.live.clientSecret),
                baseURL: sandbox.baseURL, tokenURL: sandbox.authURL)
            note("cloning \(plan) (\(sequential ? "sequential baseline" : "layerclone"))…")
            let benchmark = CloneBenchmark(
                plan: executionPlan, planText: text, source: source, target: target, workdir: workdir,
                events: CloneBenchmark.DiscardingSink())
            let run = try await benchmark.run(sequential: sequential, transport: AsyncHTTPClientTransport())
            note(
                String(format: "…%d records in %.1f s, %d requests", run.recordsWritten, run.wallSeconds, run.requests))
            await sandbox.stop()
            if keepRuns {
                note("run folder kept: \(workdir.path)")
            } else {
                try? FileManager.default.removeItem(at: workdir)
            }
            return (run, sandbox.counts)
        } catch {
            await sandbox.stop()
            try? FileManager.default.removeItem(at: workdir)
            throw error
        }
    }

    private func note(_ text: String) {
        if !json { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }
}
