import ResourceCatalog

/// Sizes and concurrency caps a plan may set; each defaults to the API's safe value.
package struct PlanLimits: Sendable, Hashable {
    /// Records per export job. Default 5,000 (the official CLI's cap); at most 10,000.
    package var exportChunk: Int
    /// Inputs per import job. Default 10,000; at most 10,000.
    package var importChunk: Int
    /// Export or import jobs pending or in progress at once, per environment. Default and
    /// maximum 10 (the API's cap per organization).
    package var jobsInFlight: Int

    package init(
        exportChunk: Int = CommerceLayerLimits.exportChunk, importChunk: Int = CommerceLayerLimits.importMaxInputs,
        jobsInFlight: Int = CommerceLayerLimits.jobsInFlight
    ) {
        self.exportChunk = exportChunk
        self.importChunk = importChunk
        self.jobsInFlight = jobsInFlight
    }

    /// The defaults.
    package static let standard = PlanLimits()

    /// The largest export chunk the API accepts.
    package static let maxExportChunk = CommerceLayerLimits.exportMaxRecords
    /// The largest import chunk layerclone sends.
    package static let maxImportChunk = CommerceLayerLimits.importMaxInputs
    /// The fewest inputs an import spread over the job slots carries (a type other types wait
    /// for: `ImportWriter.spreadSize`): below it, a job's start latency outweighs the work it
    /// takes off the others.
    package static let smallestSpreadImport = 1_000
    /// The API's cap on jobs pending or in progress per organization.
    package static let maxJobsInFlight = CommerceLayerLimits.jobsInFlight
}

extension PlanLimits {
    /// Inputs per import of a type other types wait for, with `records` inputs: spread evenly
    /// over `slots` imports of at least `smallestSpreadImport` when that cuts them smaller than
    /// `chunk` would (so its children start sooner), else `chunk`.
    package static func spreadImportChunk(records: Int, chunk: Int, slots: Int) -> Int {
        let jobs = records <= 0 ? 0 : (records + chunk - 1) / chunk
        guard slots > 1, jobs > 0, jobs < slots else { return chunk }
        let even = max(smallestSpreadImport, (records + slots - 1) / slots)
        return even < chunk && (records + jobs - 1) / jobs > even ? even : chunk
    }
}
