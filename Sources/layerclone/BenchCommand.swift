import ArgumentParser
import Benchmarks
import Foundation
import ResourceCatalog
import Staging

/// `layerclone bench`: measurements of layerclone's local machinery.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure layerclone's local machinery.",
        subcommands: [StagingBench.self, BenchDownloadCommand.self, BenchCloneCommand.self]
    )
}

/// `layerclone bench staging`: time staging on a generated or given export (`StagingBenchmark`).
struct StagingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staging",
        abstract: "Time staging: load, transforms, remap and chunking of one export file.",
        discussion: """
            Without --input, generates a gzipped prices export of --records records (nested
            price_list and sku objects carrying their codes). Prints one JSON line with records,
            seconds, load_seconds, records_per_second, peak_rss_bytes and db_bytes, and the
            time of each phase. Target ids for the parents are invented before the remap (as a
            clone records them when its parents land); that is timed apart, as
            parent_ids_seconds, and not counted.

            Example: layerclone bench staging --records 1000000
            """
    )

    @Option(help: "Records to generate.")
    var records = 100_000

    @Option(help: "An existing gzipped JSON export to stage instead of a generated one.")
    var input: String?

    @Option(help: "The resource type of --input (plural API name).")
    var type: String?

    @Option(help: "Inputs per import chunk.")
    var chunkSize = CommerceLayerLimits.importMaxInputs

    func validate() throws {
        guard records > 0 else { throw ValidationError("--records must be positive") }
        guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
        if input != nil, type == nil { throw ValidationError("--input needs --type") }
        if let type, !ResourceCatalog.commerceLayer.contains(ResourceType(type)) {
            throw ValidationError("unknown resource type \"\(type)\"; run `layerclone catalog` for the known types")
        }
    }

    func run() throws {
        do {
            let given = input.flatMap { file in type.map { (file: file, type: ResourceType($0)) } }
            let result = try StagingBenchmark.run(records: records, input: given, chunkSize: chunkSize)
            print(result.json.canonicalJSON)
        } catch let error as StagingError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitStatus.badPlanOrData.exitCode
        }
    }
}
