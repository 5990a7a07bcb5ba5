import CommerceLayerAPI
import ResourceCatalog

/// The work and requests one step costs, given its record count.
package struct StepCost: Sendable, Hashable {
    package let type: ResourceType
    package let records: Int
    /// Export jobs on the source (`ceil(records / export chunk)`; none for sets read page by
    /// page).
    package let exportJobs: Int
    /// Import jobs on the target (import method only; at least, since a chunk holds one
    /// import parent).
    package let importJobs: Int
    /// REST writes on the target (REST method only): one per record.
    package let restCalls: Int
    /// List GETs on the target that learn target ids (25 identities per page).
    package let lookups: Int
    /// PATCH calls of deferred patches on this type: one per record and patch.
    package let patchCalls: Int
    package let sourceRequests: RequestCount
    package let targetRequests: RequestCount
}

/// The cost of a whole plan and the least wall time it can take.
package struct CostEstimate: Sendable, Hashable {
    package let steps: [StepCost]
    package let sourceRequests: RequestCount
    package let targetRequests: RequestCount
    /// Lower bound in seconds, from the rate limits and job caps of each side; the two sides
    /// overlap, so the larger one bounds the run.
    package let minimumSeconds: Double
    package let sourceSeconds: Double
    package let targetSeconds: Double
}

/// Estimates requests and minimum wall time from record counts and limits. Pure: no I/O.
///
/// Assumptions (documented in the README): an export or import job costs one create and
/// `pollsPerJob` status GETs; an export split in n jobs needs n−1 boundary GETs on the type;
/// counting costs one GET per type; each type is looked up in the target once (25 per page);
/// a job runs at least `minimumJobSeconds`, at most `limits.jobsInFlight` at once, and imports
/// of a layer wait for the layer before.
package struct CostModel: Sendable {
    package var source: RateBudget
    package var target: RateBudget
    package var pollsPerJob: Int
    package var minimumJobSeconds: Double
    /// Says which types are cacheable.
    package var catalog: ResourceCatalog
    /// Identities per lookup page (`page[size]` maximum, `CommerceLayerLimits.maxPageSize`).
    package static let lookupPageSize = CommerceLayerLimits.maxPageSize

    package init(
        source: RateBudget = .test, target: RateBudget = .live, pollsPerJob: Int = 2, minimumJobSeconds: Double = 5,
        catalog: ResourceCatalog = .commerceLayer
    ) {
        self.catalog = catalog
        self.source = source
        self.target = target
        self.pollsPerJob = pollsPerJob
        self.minimumJobSeconds = minimumJobSeconds
    }

    /// The estimate for `plan` with `counts` per type (types missing from `counts` count 0).
    /// `countRequests` adds the counting GETs (true when the counts were fetched online).
    package func estimate(_ plan: ExecutionPlan, counts: [ResourceType: Int], countRequests: Bool = true)
        -> CostEstimate
    {
        let limits = plan.limits
        var costs: [StepCost] = []
        var jobsPerLayer: [Int: Int] = [:]
        let waitedFor = plan.waitedFor
        for step in plan.steps {
            let records = counts[step.type, default: 0]
            let cacheableType = catalog[step.type]?.isCacheable ?? false
            // Small sets are read page by page (see `TypeReader.pageReadLimit`).
            let readByPages = records <= TypeReader.pageReadLimit
            let exportJobs = readByPages ? 0 : ceilDiv(records, limits.exportChunk)
            let pageReads = readByPages ? ceilDiv(records, Query.maxPageSize) : 0
            // A type others wait for is spread over the job slots.
            let importChunk =
                waitedFor.contains(step.type)
                ? PlanLimits.spreadImportChunk(records: records, chunk: limits.importChunk, slots: limits.jobsInFlight)
                : limits.importChunk
            let importJobs = step.method == .import ? ceilDiv(records, importChunk) : 0
            // Records nested in their parent's imports need no call of their own.
            let restCalls = step.method == .rest && step.nestedIn == nil ? records : 0
            let lookups = ceilDiv(records, Self.lookupPageSize)
            let patchCalls = records * plan.deferred.filter { $0.type == step.type }.count
            var source = RequestCount()
            let typeGets = (countRequests ? 1 : 0) + max(0, exportJobs - 1) + pageReads
            if cacheableType { source.cacheable += typeGets } else { source.other += typeGets }
            source.other += exportJobs * (1 + pollsPerJob)
            var target = RequestCount()
            target.other += importJobs + restCalls + patchCalls
            target.cacheable += importJobs * pollsPerJob  // GET /api/imports is cacheable
            if cacheableType { target.cacheable += lookups } else { target.other += lookups }
            jobsPerLayer[step.layer, default: 0] += importJobs
            costs.append(
                StepCost(
                    type: step.type, records: records, exportJobs: exportJobs, importJobs: importJobs,
                    restCalls: restCalls, lookups: lookups, patchCalls: patchCalls, sourceRequests: source,
                    targetRequests: target))
        }
        let sourceRequests = costs.reduce(RequestCount()) { $0 + $1.sourceRequests }
        let targetRequests = costs.reduce(RequestCount()) { $0 + $1.targetRequests }
        let exportJobs = costs.reduce(0) { $0 + $1.exportJobs }
        let sourceSeconds = max(
            sourceRequests.minimumSeconds(under: source),
            Double(ceilDiv(exportJobs, limits.jobsInFlight)) * minimumJobSeconds)
        let layeredJobSeconds = jobsPerLayer.values.reduce(0.0) {
            $0 + Double(ceilDiv($1, limits.jobsInFlight)) * minimumJobSeconds
        }
        let targetSeconds = max(targetRequests.minimumSeconds(under: target), layeredJobSeconds)
        return CostEstimate(
            steps: costs, sourceRequests: sourceRequests, targetRequests: targetRequests,
            minimumSeconds: max(sourceSeconds, targetSeconds), sourceSeconds: sourceSeconds,
            targetSeconds: targetSeconds)
    }
}

/// `ceil(value / divisor)` for non-negative integers.
func ceilDiv(_ value: Int, _ divisor: Int) -> Int {
    value <= 0 ? 0 : (value + divisor - 1) / divisor
}
