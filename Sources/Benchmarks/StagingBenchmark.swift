import Foundation
import ResourceCatalog
import Staging

/// Times the staging pipeline on one export file: load (gunzip + split + insert + identity and
/// references + indexes), transforms, remap and chunking, and the wait for the background
/// checkpoint the load left running, if it outlasts them. Recording target ids for the
/// parents, which stands in for the clone reading its parents back from the target, is timed
/// apart (`parent_ids_seconds`) and not counted.
package struct StagingBenchmark: Sendable {
    /// The measured run.
    package struct Result: Sendable {
        package var records = 0
        package var chunks = 0
        package var inputBytes: Int64 = 0
        package var decompressedBytes = 0
        package var loadSeconds = 0.0
        package var transformSeconds = 0.0
        package var remapSeconds = 0.0
        /// Inventing the parents' target ids before the remap (not counted in `seconds`).
        package var parentIDsSeconds = 0.0
        package var chunkSeconds = 0.0
        /// Waiting, after chunking, for the background copy of the loads' log into the database
        /// file to end (`StagingStore.finishCheckpoints()`).
        package var checkpointSeconds = 0.0
        package var databaseBytes: Int64 = 0
        package var peakResidentBytes: Int64 = 0
        /// Processor time (user + system, all threads) of the timed phases, per phase.
        package var cpuSeconds: [String: Double] = [:]

        /// End-to-end seconds (all timed phases).
        package var seconds: Double {
            loadSeconds + transformSeconds + remapSeconds + chunkSeconds + checkpointSeconds
        }

        /// One JSON object, keys sorted.
        package var json: JSONValue {
            [
                "records": .int(Int64(records)), "chunks": .int(Int64(chunks)),
                "input_bytes": .int(inputBytes), "decompressed_bytes": .int(Int64(decompressedBytes)),
                "seconds": .double(Self.round(seconds)), "load_seconds": .double(Self.round(loadSeconds)),
                "transform_seconds": .double(Self.round(transformSeconds)),
                "remap_seconds": .double(Self.round(remapSeconds)), "chunk_seconds": .double(Self.round(chunkSeconds)),
                "parent_ids_seconds": .double(Self.round(parentIDsSeconds)),
                "checkpoint_seconds": .double(Self.round(checkpointSeconds)),
                "records_per_second": .int(seconds > 0 ? Int64(Double(records) / seconds) : 0),
                "load_records_per_second": .int(loadSeconds > 0 ? Int64(Double(records) / loadSeconds) : 0),
                "peak_rss_bytes": .int(peakResidentBytes), "db_bytes": .int(databaseBytes),
                "cpu_seconds": .object(cpuSeconds.mapValues { .double(Self.round($0)) }),
            ]
        }

        private static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    }

    /// The directory where the store (and a generated export) are written; removed by the caller.
    package let directory: String
    /// Inputs per import chunk.
    package let chunkSize: Int

    package init(directory: String, chunkSize: Int = CommerceLayerLimits.importMaxInputs) {
        self.directory = directory
        self.chunkSize = chunkSize
    }

    /// Runs the pipeline on `file` (a gzipped JSON export of `type`).
    ///
    /// Target ids are invented for every identity of the type's parents found in the staged
    /// references (as the clone job would record them after the parents landed), so remap and
    /// chunking do their full work.
    package func run(file: String, type: ResourceType, transforms: [Transform]) throws -> Result {
        var result = Result()
        result.inputBytes = Self.fileSize(file)
        let store = try StagingStore.open(at: directory + "/staging.sqlite", cache: .bulk)
        let clock = ContinuousClock()

        var start = clock.now
        var cpu = Self.processorSeconds()
        func lap(_ phase: String) {
            let now = Self.processorSeconds()
            result.cpuSeconds[phase] = now - cpu
            cpu = now
        }
        // The transforms are applied as the records are loaded; `apply`
        // then only records them.
        let load = try store.loader.load(file: file, type: type, transforms: transforms)
        result.loadSeconds = Self.seconds(clock.now - start)
        lap("load")
        result.records = load.records
        result.decompressedBytes = load.bytes

        start = clock.now
        try store.loader.apply(transforms, to: type)
        result.transformSeconds = Self.seconds(clock.now - start)
        lap("transform")

        start = clock.now
        try store.identities.inventParentTargetIDs(type: type)
        result.parentIDsSeconds = Self.seconds(clock.now - start)
        lap("parent_ids")

        start = clock.now
        try store.remapper.remap(type: type, policy: .skip)
        result.remapSeconds = Self.seconds(clock.now - start)
        lap("remap")

        start = clock.now
        guard let spec = store.catalog[type] else { throw StagingError.unknownType(type) }
        if spec.isImportable {
            let chunks = try store.chunks.planChunks(type: type, size: chunkSize)
            for chunk in chunks { _ = try store.chunks.readChunk(chunk) }
            result.chunks = chunks.count
        } else {
            var after: Int64 = 0
            while let last = try store.chunks.restPayloads(type: type, after: after, limit: 1000).last {
                after = last.recordID
                result.chunks += 1
            }
        }
        result.chunkSeconds = Self.seconds(clock.now - start)
        lap("chunk")

        start = clock.now
        try store.finishCheckpoints()
        result.checkpointSeconds = Self.seconds(clock.now - start)
        lap("checkpoint")
        result.databaseBytes = store.databaseBytes
        result.peakResidentBytes = Self.peakResidentBytes()
        return result
    }

    /// Peak resident memory of this process (`VmHWM`), in bytes; 0 where unavailable.
    package static func peakResidentBytes() -> Int64 {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int64($0) } ?? 0
            return digits * 1024
        }
        return 0
    }

    /// User plus system processor time of the process, in seconds.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
