import CommerceLayerAPI
import Foundation
import Logging
import ResourceCatalog

#if canImport(Glibc)
    import Glibc
#endif

/// `layerclone bench download`: one large export downloaded through the client, with the
/// peak memory of the process that downloads.
package enum DownloadBenchmark {
    /// Seeds a sandbox for an export of about `megabytes` MB (in this process, or through
    /// `startChild`, which starts this binary as the sandbox child), measures the download
    /// and stops the sandbox.
    package static func run(
        megabytes: Int, inProcess: Bool, startChild: @Sendable () async throws -> DownloadBenchSandbox.Handle
    ) async throws -> JSONValue {
        let sandbox: DownloadBenchSandbox.Handle =
            inProcess ? try await DownloadBenchSandbox.startInProcess(megabytes: megabytes) : try await startChild()
        do {
            let line = try await measure(sandbox.connection, inProcess: inProcess)
            await sandbox.stop()
            return line
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// Creates a JSON export of the seeded skus, waits for it, downloads it and returns the
    /// line (`inProcess`: whether the sandbox ran in this process).
    package static func measure(_ connection: DownloadBenchSandbox.Connection, inProcess: Bool) async throws
        -> JSONValue
    {
        var logger = Logger(label: "layerclone.bench")
        logger.logLevel = .error
        let profile = try Profile(
            name: "bench-sandbox", clientID: connection.clientID, clientSecret: Secret(connection.clientSecret),
            baseURL: connection.baseURL, tokenURL: connection.authURL)
        let client = CommerceLayerClient(profile: profile, transport: AsyncHTTPClientTransport(), logger: logger)
        let created = try await client.createExport(ExportRequest(resourceType: "skus"))
        let export = try await client.waitForCompletion(
            created,
            schedule: PollSchedule(
                initialInterval: .milliseconds(100), maxInterval: .seconds(1), growth: 1.5, timeout: .seconds(3600)))
        guard export.status == .completed else {
            throw BenchmarkError("the sandbox's export ended \(export.status): \(export.errorsLog ?? [:])")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-download-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = Self.peakResidentBytes()
        let started = ContinuousClock.now
        let result = try await client.download(export: export, to: directory.appendingPathComponent("skus.json"))
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        func rounded(_ value: Double, _ places: Double) -> JSONValue { .double((value * places).rounded() / places) }
        return [
            "megabytes": rounded(Double(result.bytes) / 1e6, 10),
            "compressed_megabytes": rounded(Double(result.compressedBytes) / 1e6, 10),
            "records": .int(Int64(result.records)), "seconds": rounded(seconds, 1000),
            "peak_rss_bytes": .int(Int64(Self.peakResidentBytes())),
            "peak_rss_before_download_bytes": .int(Int64(before)),
            "sandbox": inProcess ? "in_process" : "child_process",
        ]
    }

    /// Peak resident set size of this process in bytes (`ru_maxrss` is KiB on Linux).
    package static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return usage.ru_maxrss * 1024
        #else
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return usage.ru_maxrss
        #endif
    }
}
