import Foundation

/// How fast simulated jobs run: the delay before a job starts and the records each kind of
/// job processes per second.
///
/// Parsed from `instant` (default for tests: no delay, no throttling), `fast`, `realistic`
/// (for benchmarks) or explicit pairs such as `latency=2s,export_rps=500,import_rps=200`.
package struct JobSpeed: Sendable, Equatable, CustomStringConvertible {
    /// Seconds between creation and the move to `in_progress` (>= 0).
    package var startLatency: Double
    /// Records an export writes per second (`.infinity`: unthrottled).
    package var exportRecordsPerSecond: Double
    /// Inputs an import processes per second (`.infinity`: unthrottled).
    package var importRecordsPerSecond: Double
    /// Records a cleanup deletes per second (`.infinity`: unthrottled).
    package var cleanupRecordsPerSecond: Double

    package init(
        startLatency: Double, exportRecordsPerSecond: Double, importRecordsPerSecond: Double,
        cleanupRecordsPerSecond: Double
    ) {
        self.startLatency = startLatency
        self.exportRecordsPerSecond = exportRecordsPerSecond
        self.importRecordsPerSecond = importRecordsPerSecond
        self.cleanupRecordsPerSecond = cleanupRecordsPerSecond
    }

    /// No delay and no throttling: jobs finish as fast as the store allows.
    package static let instant = JobSpeed(
        startLatency: 0, exportRecordsPerSecond: .infinity, importRecordsPerSecond: .infinity,
        cleanupRecordsPerSecond: .infinity)
    /// A short delay and high rates: jobs are observably pending and in progress, briefly.
    package static let fast = JobSpeed(
        startLatency: 0.05, exportRecordsPerSecond: 20_000, importRecordsPerSecond: 5_000,
        cleanupRecordsPerSecond: 10_000)
    /// Close to the real service: seconds of queueing, a few hundred records per second.
    package static let realistic = JobSpeed(
        startLatency: 5, exportRecordsPerSecond: 1_000, importRecordsPerSecond: 150, cleanupRecordsPerSecond: 300)

    /// Seconds a job of `kind` needs for `records` records once started (0 when unthrottled).
    package func duration(of kind: JobKind, records: Int) -> Double {
        let rate = recordsPerSecond(kind)
        return rate.isFinite && rate > 0 ? Double(records) / rate : 0
    }

    /// The rate of a kind of job.
    package func recordsPerSecond(_ kind: JobKind) -> Double {
        switch kind {
        case .exports: exportRecordsPerSecond
        case .imports: importRecordsPerSecond
        case .cleanups: cleanupRecordsPerSecond
        }
    }

    /// Parses a preset name or comma-separated `name=value` pairs applied over `instant`.
    ///
    /// Names: `latency` (`2s`, `500ms` or seconds), `export_rps`, `import_rps`, `cleanup_rps`
    /// (records per second, > 0, or `max`).
    /// - Throws: `JobSpeedError` naming the part that could not be read.
    package static func parse(_ text: String) throws(JobSpeedError) -> JobSpeed {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed {
        case "", "instant": return .instant
        case "fast": return .fast
        case "realistic": return .realistic
        default: break
        }
        var speed = JobSpeed.instant
        for part in trimmed.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else {
                throw JobSpeedError(part: String(part), reason: "expected name=value or instant, fast, realistic")
            }
            switch pair[0] {
            case "latency":
                guard let seconds = seconds(pair[1]) else {
                    throw JobSpeedError(part: String(part), reason: "latency needs a duration such as 2s or 500ms")
                }
                speed.startLatency = seconds
            case "export_rps", "import_rps", "cleanup_rps":
                let rate = pair[1] == "max" ? Double.infinity : Double(pair[1]) ?? 0
                guard rate > 0 else {
                    throw JobSpeedError(part: String(part), reason: "records per second must be a number above 0")
                }
                switch pair[0] {
                case "export_rps": speed.exportRecordsPerSecond = rate
                case "import_rps": speed.importRecordsPerSecond = rate
                default: speed.cleanupRecordsPerSecond = rate
                }
            default:
                throw JobSpeedError(
                    part: String(part), reason: "unknown setting; known: latency, export_rps, import_rps, cleanup_rps")
            }
        }
        return speed
    }

    private static func seconds(_ text: String) -> Double? {
        let value: Double?
        if text.hasSuffix("ms") {
            value = Double(text.dropLast(2)).map { $0 / 1000 }
        } else if text.hasSuffix("s") {
            value = Double(text.dropLast())
        } else {
            value = Double(text)
        }
        guard let value, value >= 0, value.isFinite else { return nil }
        return value
    }

    package var description: String {
        func rate(_ value: Double) -> String { value.isFinite ? String(format: "%g", value) : "max" }
        return "latency=\(String(format: "%g", startLatency))s,export_rps=\(rate(exportRecordsPerSecond)),"
            + "import_rps=\(rate(importRecordsPerSecond)),cleanup_rps=\(rate(cleanupRecordsPerSecond))"
    }
}

/// A job speed that could not be read.
package struct JobSpeedError: Error, Sendable, Equatable, CustomStringConvertible {
    package var part: String
    package var reason: String

    package var description: String { "invalid job speed \"\(part)\": \(reason)" }
}
