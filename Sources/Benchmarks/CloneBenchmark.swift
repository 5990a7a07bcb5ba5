import CommerceLayerAPI
import Foundation
import LayerCloneCore
import Logging
import ResourceCatalog

/// Runs one clone of a plan between two profiles and measures it: wall time, records written,
/// requests and 429 answers of both clients. The sandbox it runs against is started by the
/// caller (`CloneBench`, in a child process).
package struct CloneBenchmark: Sendable {
    /// What one run measured.
    package struct Measurement: Sendable, Hashable {
        /// Seconds from the start of the clone job to its end (tokens fetched before).
        package var wallSeconds: Double
        /// Records created or updated in the target.
        package var recordsWritten: Int
        /// Records of the plan's types in the source.
        package var sourceRecords: Int
        /// Records the target rejected.
        package var rejected: Int
        /// Requests both clients sent (API, token and attachment downloads, retries included).
        package var requests: Int
        /// 429 answers both clients received.
        package var rateLimited: Int
        /// Requests by side, method and resource (`target POST imports`).
        package var requestsByRoute: [String: Int] = [:]
        /// Seconds each phase was at work (`RunPhases`).
        package var phaseSeconds: [RunPhases.Phase: Double] = [:]
        /// Bytes of the run's staging stores (source and target) on disk at the end.
        package var stagingBytes = 0
        /// Compressed bytes of the source's export attachments.
        package var exportGzipBytes = 0
    }

    package var plan: ExecutionPlan
    package var planText: String
    package var source: Profile
    package var target: Profile
    /// Where the run's journal and staging live (a scratch folder).
    package var workdir: URL
    package var events: any EventSink

    package init(
        plan: ExecutionPlan, planText: String, source: Profile, target: Profile, workdir: URL,
        events: any EventSink
    ) {
        self.plan = plan
        self.planText = planText
        self.source = source
        self.target = target
        self.workdir = workdir
        self.events = events
    }

    /// Clones the plan once.
    /// - Parameter sequential: the baseline: one type at a time, one job (and one REST write)
    ///   at a time, each awaited before the next, as the official CLI is driven.
    /// - Throws: the clone's errors (`CloneError.typesFailed` when types could not be cloned).
    package func run(sequential: Bool, transport: any HTTPTransport) async throws -> Measurement {
        let sourceMetrics = ClientMetrics()
        let targetMetrics = ClientMetrics()
        var logger = Logger(label: "layerclone.bench")
        logger.logLevel = .error
        let sides = try await CloneEnvironment.pair(
            source: (
                source.name,
                CommerceLayerClient(profile: source, transport: transport, logger: logger, metrics: sourceMetrics)
            ),
            target: (
                target.name,
                CommerceLayerClient(profile: target, transport: transport, logger: logger, metrics: targetMetrics)
            ),
            jobsInFlight: sequential ? 1 : plan.limits.jobsInFlight, restInFlight: sequential ? 1 : 4)
        var job = CloneJob(
            plan: plan, planText: planText, source: .environment(sides.source), target: sides.target, workdir: workdir,
            events: events)
        job.runOptions.sequential = sequential
        let started = ContinuousClock.now
        let result = try await job.run()
        let elapsed = ContinuousClock.now - started
        let totals = result.totals
        let sourceCounts = sourceMetrics.snapshot
        let targetCounts = targetMetrics.snapshot
        var measurement = Measurement(
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            recordsWritten: totals.created + totals.updated, sourceRecords: totals.sourceRecords,
            rejected: totals.rejected, requests: sourceCounts.requestsMade + targetCounts.requestsMade,
            rateLimited: sourceCounts.rateLimited + targetCounts.rateLimited)
        measurement.phaseSeconds =
            RunPhases(units: try RunJournal(path: result.directory.journalPath).units())
            .busySeconds
        measurement.stagingBytes = Self.stagingBytes(in: result.directory.url)
        measurement.exportGzipBytes = sourceCounts.downloadedBytes
        for (route, count) in sourceCounts.requestsByRoute { measurement.requestsByRoute["source \(route)"] = count }
        for (route, count) in targetCounts.requestsByRoute { measurement.requestsByRoute["target \(route)"] = count }
        return measurement
    }

    /// Bytes of the staging stores in a run folder (`staging.db`, `target.db` and their logs).
    static func stagingBytes(in folder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("staging.db") || $0.hasPrefix("target.db") }.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return total + ((attributes?[.size] as? NSNumber)?.intValue ?? 0)
        }
    }

    /// The benchmark's JSON line: `records`, `wall_seconds`, `bound_seconds`, `ratio`,
    /// `requests_per_1000`, `http_429`, `peak_rss_bytes`, and with a baseline
    /// `baseline_seconds` and `speedup`; plus `rejected`, `critical_path` and the bound's parts,
    /// and, when `run` is the median of several, every run's wall time (`runs_wall_seconds`).
    package static func line(
        _ run: Measurement, bound: LowerBound.Estimate, peakResidentBytes: Int, baseline: Measurement?,
        runsWallSeconds: [Double]? = nil
    ) -> JSONValue {
        func rounded(_ value: Double) -> JSONValue { .double((value * 100).rounded() / 100) }
        let records = max(1, run.recordsWritten)
        var line: [String: JSONValue] = [
            "records": .int(Int64(run.recordsWritten)), "source_records": .int(Int64(run.sourceRecords)),
            "rejected": .int(Int64(run.rejected)), "wall_seconds": rounded(run.wallSeconds),
            "bound_seconds": rounded(bound.seconds), "ratio": rounded(run.wallSeconds / max(bound.seconds, 0.001)),
            "requests": .int(Int64(run.requests)),
            "requests_per_1000": rounded(Double(run.requests) * 1000 / Double(records)),
            "http_429": .int(Int64(run.rateLimited)), "peak_rss_bytes": .int(Int64(peakResidentBytes)),
            "bound_parts": [
                "path_seconds": rounded(bound.pathSeconds), "import_slot_seconds": rounded(bound.importSlotSeconds),
                "export_slot_seconds": rounded(bound.exportSlotSeconds), "rate_seconds": rounded(bound.rateSeconds),
            ],
            "critical_path": .array(bound.criticalPath.map { .string($0.rawValue) }),
            "requests_by_route": .object(run.requestsByRoute.mapValues { .int(Int64($0)) }),
        ]
        if !run.phaseSeconds.isEmpty {
            let phases = run.phaseSeconds.sorted { $0.key < $1.key }
            line["phase_seconds"] = .object(
                Dictionary(uniqueKeysWithValues: phases.map { ($0.key.rawValue, rounded($0.value)) }))
            line["phase_share"] = .object(
                Dictionary(
                    uniqueKeysWithValues: phases.map {
                        ($0.key.rawValue, rounded($0.value / max(run.wallSeconds, 0.001)))
                    }))
        }
        if run.stagingBytes > 0 {
            line["staging_bytes"] = .int(Int64(run.stagingBytes))
            line["export_gzip_bytes"] = .int(Int64(run.exportGzipBytes))
            if run.exportGzipBytes > 0 {
                line["staging_to_export"] = rounded(Double(run.stagingBytes) / Double(run.exportGzipBytes))
            }
        }
        if let runsWallSeconds { line["runs_wall_seconds"] = .array(runsWallSeconds.map(rounded)) }
        if let baseline {
            line["baseline_seconds"] = rounded(baseline.wallSeconds)
            line["baseline_requests"] = .int(Int64(baseline.requests))
            line["baseline_http_429"] = .int(Int64(baseline.rateLimited))
            line["speedup"] = rounded(baseline.wallSeconds / max(run.wallSeconds, 0.001))
        }
        return .object(line)
    }
}
