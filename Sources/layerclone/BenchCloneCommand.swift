import ArgumentParser
import Benchmarks
import Foundation
import Sandbox

/// `layerclone bench clone`: a whole clone of a demo store against the sandbox under a timing
/// profile, measured against the plan's lower bound and, optionally, a sequential baseline
/// (`CloneBench`).
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
        let profile = profile
        let json = json
        var bench = CloneBench(
            planPath: plan, records: records, profile: timing,
            startSandbox: { scale in
                try await CloneBenchSandbox.startChild(arguments: [
                    "bench", "clone", "--profile", profile, "--scale", String(scale), "--sandbox-child",
                ])
            },
            note: { text in if !json { FileHandle.standardError.write(Data((text + "\n").utf8)) } })
        bench.runs = runs
        bench.baseline = baseline != nil
        bench.baselineOnly = baselineOnly
        bench.keepRuns = keepRuns
        print(try await bench.run().canonicalJSON)
    }
}
