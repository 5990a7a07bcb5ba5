import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox

/// `layerclone bench clone`: a whole clone of a demo store against a sandbox child under a
/// timing profile, measured against the plan's lower bound and, optionally, a sequential
/// baseline. The command parses the arguments; this runs the clones and builds the line.
package struct CloneBench: Sendable {
    /// The plan file to clone.
    package var planPath: String
    /// Approximate records to seed and clone.
    package var records: Int
    /// The sandbox's timing profile.
    package var profile: TimingProfile
    /// Clones to run; the figures are the median run's by wall time.
    package var runs = 1
    /// Also clone one type, one job and one REST write at a time (`--baseline sequential`).
    package var baseline = false
    /// Run only the sequential clone; its figures replace the main ones.
    package var baselineOnly = false
    /// Keep each clone's run folder and note its path.
    package var keepRuns = false
    /// Starts a sandbox child seeded at a demo-store scale (`CloneBenchSandbox.startChild`).
    package var startSandbox: @Sendable (_ scale: Int) async throws -> CloneBenchSandbox.Handle
    /// Progress notes (standard error, or nowhere with `--json`).
    package var note: @Sendable (String) -> Void

    package init(
        planPath: String, records: Int, profile: TimingProfile,
        startSandbox: @escaping @Sendable (_ scale: Int) async throws -> CloneBenchSandbox.Handle,
        note: @escaping @Sendable (String) -> Void
    ) {
        self.planPath = planPath
        self.records = records
        self.profile = profile
        self.startSandbox = startSandbox
        self.note = note
    }

    /// Clones `runs` times (and the baseline once) and returns the JSON line
    /// (`CloneBenchmark.line`).
    package func run() async throws -> JSONValue {
        let setup = CloneSetup(planPath: planPath, workdir: URL(fileURLWithPath: "."), events: DiscardingEventSink())
        let (executionPlan, text) = try setup.executionPlan()
        let scale = CloneBenchSandbox.scale(forRecords: records, types: Set(executionPlan.steps.map(\.type)))
        var measured: [(run: CloneBenchmark.Measurement, counts: [ResourceType: Int])] = []
        for _ in 0..<runs {
            measured.append(try await measure(executionPlan, text, scale: scale, sequential: baselineOnly))
        }
        // The median run by wall time (of an even count, the slower of the two middle ones).
        let main = measured.sorted { $0.run.wallSeconds < $1.run.wallSeconds }[runs / 2]
        var baselineRun: CloneBenchmark.Measurement?
        if baseline, !baselineOnly {
            baselineRun = try await measure(executionPlan, text, scale: scale, sequential: true).run
        }
        let bounder = LowerBound(
            profile: profile, exportChunk: executionPlan.limits.exportChunk,
            importChunk: executionPlan.limits.importChunk)
        let toMany = CloneBenchSandbox.toManyRecords(scale: scale, plan: executionPlan)
        let bound = bounder.estimate(LowerBound.steps(of: executionPlan, counts: main.counts, toMany: toMany))
        return CloneBenchmark.line(
            main.run, bound: bound, peakResidentBytes: DownloadBenchmark.peakResidentBytes(),
            baseline: baselineRun, runsWallSeconds: runs > 1 ? measured.map(\.run.wallSeconds) : nil)
    }

    /// Starts a fresh sandbox child, clones once, stops the child.
    private func measure(_ executionPlan: ExecutionPlan, _ text: String, scale: Int, sequential: Bool) async throws
        -> (run: CloneBenchmark.Measurement, counts: [ResourceType: Int])
    {
        note("seeding a demo store (scale \(scale)) in a sandbox child process…")
        let sandbox = try await startSandbox(scale)
        let workdir = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-clone-\(UUID().uuidString)")
        do {
            let source = try Profile(
                name: "sandbox-test", clientID: sandbox.test.clientID, clientSecret: Secret(sandbox.test.clientSecret),
                baseURL: sandbox.baseURL, tokenURL: sandbox.authURL)
            let target = try Profile(
                name: "sandbox-live", clientID: sandbox.live.clientID, clientSecret: Secret(sandbox.live.clientSecret),
                baseURL: sandbox.baseURL, tokenURL: sandbox.authURL)
            note("cloning \(planPath) (\(sequential ? "sequential baseline" : "layerclone"))…")
            let benchmark = CloneBenchmark(
                plan: executionPlan, planText: text, source: source, target: target, workdir: workdir,
                events: DiscardingEventSink())
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
}
