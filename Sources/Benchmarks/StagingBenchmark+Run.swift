import Foundation
import ResourceCatalog
import Staging

extension StagingBenchmark {
    /// `layerclone bench staging`: stages `input` (a gzipped JSON export of its type) or,
    /// without one, a generated gzipped prices export of `records` records, in a scratch
    /// folder removed afterwards. Prices get one transform (`metadata.cloned_by`).
    /// - Throws: `StagingError` when the export cannot be staged.
    package static func run(records: Int, input: (file: String, type: ResourceType)?, chunkSize: Int) throws
        -> Result
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("layerclone-bench-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file: String
        let resourceType: ResourceType
        if let input {
            (file, resourceType) = input
        } else {
            file = directory + "/prices.json.gz"
            resourceType = "prices"
            try ExportGenerator(records: records).write(to: file)
        }
        let transforms: [Transform] =
            resourceType == "prices" ? [.set(field: "metadata.cloned_by", value: "layerclone")] : []
        return try StagingBenchmark(directory: directory, chunkSize: chunkSize)
            .run(file: file, type: resourceType, transforms: transforms)
    }
}
