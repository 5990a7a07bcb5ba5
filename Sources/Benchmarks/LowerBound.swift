import LayerCloneCore
import ResourceCatalog
import Sandbox

/// The least wall time a plan can take under a `TimingProfile`: no implementation of the plan
/// (with its chunk sizes, write methods and dependency order) can be faster.
///
/// The bound is the largest of:
/// - the critical path: each type is read from the source (from time 0), written once its
///   own read and every parent it waits for have finished, a parent written by imports must
///   also be read back from the target when a child references it by target id (REST writes
///   return their ids); to-many relationships (tags) are set by one PATCH per record once the
///   type's ids are known, beside its children; deferred patches follow the last write;
/// - the job caps: all import job-seconds (and all export job-seconds) shared by the
///   `jobsPerKind` slots of the organization;
/// - the rate budgets: the requests no implementation can avoid (one create per job, one call
///   per REST write or patch) under each environment's sliding 60-second window.
///
/// A read takes the faster of export jobs (chunks of `exportChunk`, at most `jobsPerKind` at
/// once) and list GETs (25 records each, paced by the cacheable or other budget). A set of
/// jobs of one type takes at least its largest job, and at least its job-seconds divided by
/// the slots. Polling, downloads, staging and pre-scans of the target are not counted: they
/// are what a good implementation hides.
package struct LowerBound: Sendable {
    /// One type of the plan as the bound sees it.
    package struct Step: Sendable, Hashable {
        package var type: ResourceType
        /// Records of the type in the source.
        package var records: Int
        package var method: WriteMethod
        /// Whether GETs of the type count against the cacheable budget.
        package var cacheable: Bool
        /// Parents the type's writes wait for.
        package var parents: [Parent]
        /// Deferred relationships of the type: one PATCH per record each, after every write.
        package var deferredRelationships: Int
        /// The parent whose imports carry this type's records nested (they land with it, and
        /// add to its imports' work).
        package var nestedIn: ResourceType? = nil
        /// Records whose to-many relationships (tags) must be set after they landed: one
        /// PATCH each, after the type's ids are known; nothing waits for them but the end.
        package var toManyPatches = 0
        /// Import slots its imports are spread over (another type waits for it), as the
        /// clone spreads them (`ImportWriter.spreadSize`); 1: chunks as large as allowed.
        package var spread = 1

        package init(
            type: ResourceType, records: Int, method: WriteMethod, cacheable: Bool = true, parents: [Parent] = [],
            deferredRelationships: Int = 0
        ) {
            self.type = type
            self.records = records
            self.method = method
            self.cacheable = cacheable
            self.parents = parents
            self.deferredRelationships = deferredRelationships
        }
    }

    /// A parent a type waits for.
    package struct Parent: Sendable, Hashable {
        package var type: ResourceType
        /// The child writes the parent's target id (so it must be known), not a code.
        package var needsTargetIDs: Bool

        package init(_ type: ResourceType, needsTargetIDs: Bool) {
            self.type = type
            self.needsTargetIDs = needsTargetIDs
        }
    }

    /// The bound and its parts, in seconds.
    package struct Estimate: Sendable, Hashable {
        /// The bound: the largest of the parts below.
        package var seconds: Double
        /// The critical path through reads, writes, id reads and patches.
        package var pathSeconds: Double
        /// The types on the critical path, first to last.
        package var criticalPath: [ResourceType]
        /// All import job-seconds over the import slots.
        package var importSlotSeconds: Double
        /// All export job-seconds (source reads and target id reads) over the export slots.
        package var exportSlotSeconds: Double
        /// The unavoidable requests under the rate budgets.
        package var rateSeconds: Double
        /// When each type has landed (written, and its ids known where children need them).
        package var landed: [ResourceType: Double]
    }

    package var profile: TimingProfile
    package var exportChunk: Int
    package var importChunk: Int

    package init(profile: TimingProfile, exportChunk: Int, importChunk: Int) {
        self.profile = profile
        self.exportChunk = max(1, exportChunk)
        self.importChunk = max(1, importChunk)
    }

    /// The bound's view of `plan` with `counts` records per type (missing types count 0).
    /// `toMany` gives, per type, the records with to-many relationships to set (one PATCH each).
    package static func steps(
        of plan: ExecutionPlan, counts: [ResourceType: Int], toMany: [ResourceType: Int] = [:],
        catalog: ResourceCatalog = .commerceLayer
    ) -> [Step] {
        let inPlan = Set(plan.steps.map(\.type))
        let lookups = plan.lookedUpTypes.filter { !inPlan.contains($0) }.map { type in
            // Read from the target, never written: modelled as a zero-record write.
            Step(type: type, records: 0, method: .rest, cacheable: catalog[type]?.isCacheable ?? false)
        }
        let waitedFor = plan.waitedFor
        return lookups
            + plan.steps.map { step in
                var parents: [ResourceType: Bool] = [:]
                for reference in step.references where reference.resolution != .deferred && !reference.isToMany {
                    for target in reference.targets where target != step.type {
                        parents[target] = (parents[target] ?? false) || !isCode(reference.resolution)
                    }
                }
                // Nested children land with their parent's imports: no id of it is needed.
                if let nested = step.nestedIn { parents[nested.parentType] = false }
                var bound = Step(
                    type: step.type, records: counts[step.type, default: 0], method: step.method,
                    cacheable: catalog[step.type]?.isCacheable ?? false,
                    parents: parents.sorted { $0.key < $1.key }.map { Parent($0.key, needsTargetIDs: $0.value) },
                    deferredRelationships: plan.deferred.filter { $0.type == step.type }.count)
                bound.nestedIn = step.nestedIn?.parentType
                bound.toManyPatches = toMany[step.type, default: 0]
                if waitedFor.contains(step.type) { bound.spread = plan.limits.jobsInFlight }
                return bound
            }
    }

    private static func isCode(_ resolution: ParentReference.Resolution) -> Bool {
        if case .codeAttribute = resolution { return true }
        return false
    }

    /// The bound for `steps`, given parents before children (as `steps(of:counts:)` returns).
    package func estimate(_ steps: [Step]) -> Estimate {
        let slots = Double(max(1, profile.jobsPerKind))
        var landed: [ResourceType: Double] = [:]
        var idsKnown: [ResourceType: Double] = [:]
        var cause: [ResourceType: ResourceType] = [:]
        var importJobSeconds = 0.0
        var exportJobSeconds = 0.0
        var sourceOther = 0
        var targetOther = 0
        var nestedRecords: [ResourceType: Int] = [:]
        /// When a type is done: landed, and its to-many relationships set.
        var finished: [ResourceType: Double] = [:]
        for step in steps { if let parent = step.nestedIn { nestedRecords[parent, default: 0] += step.records } }
        for step in steps {
            let read = readSeconds(step.records, cacheable: step.cacheable, live: false)
            if read.byExport {
                exportJobSeconds += jobSeconds(step.records, chunk: exportChunk, rate: profile.exportRecordsPerSecond)
                sourceOther += jobCount(step.records, chunk: exportChunk)
            }
            var start = read.seconds
            for parent in step.parents {
                let ready = parent.needsTargetIDs ? idsKnown[parent.type] : landed[parent.type]
                if let ready, ready > start {
                    start = ready
                    cause[step.type] = parent.type
                }
            }
            let write: Double
            switch step.method {
            case _ where step.nestedIn != nil:
                // Written with the parent's imports (it waited for them above).
                write = 0
            case .import:
                // Nested children are work of the same jobs: a slower rate per input.
                let work = step.records + nestedRecords[step.type, default: 0]
                let rate =
                    step.records > 0
                    ? profile.importRecordsPerSecond * Double(step.records) / Double(work)
                    : profile.importRecordsPerSecond
                let chunk = spreadChunk(step.records, slots: step.spread)
                write = jobsSeconds(step.records, chunk: chunk, rate: rate)
                importJobSeconds += jobSeconds(step.records, chunk: chunk, rate: rate)
                targetOther += jobCount(step.records, chunk: chunk)
            case .rest:
                write = profile.requestSeconds(step.records, perMinute: profile.perMinute(cacheable: false, live: true))
                targetOther += step.records
            }
            landed[step.type] = start + write
            if step.method == .import, step.records > 0 {
                let back = readSeconds(step.records, cacheable: step.cacheable, live: true)
                if back.byExport {
                    exportJobSeconds += jobSeconds(
                        step.records, chunk: exportChunk, rate: profile.exportRecordsPerSecond)
                }
                idsKnown[step.type] = start + write + back.seconds
            } else {
                idsKnown[step.type] = start + write
            }
            targetOther += step.records * step.deferredRelationships
            if step.toManyPatches > 0 {
                // Set once the type's ids are known, while its children go on.
                finished[step.type] =
                    idsKnown[step.type, default: 0]
                    + profile.requestSeconds(
                        step.toManyPatches, perMinute: profile.perMinute(cacheable: false, live: true))
                targetOther += step.toManyPatches
            }
        }
        for (type, time) in landed { finished[type] = max(finished[type] ?? 0, time) }
        let last = steps.max { finished[$0.type, default: 0] < finished[$1.type, default: 0] }
        let patches = steps.reduce(0) { $0 + $1.records * $1.deferredRelationships }
        let path =
            (last.map { finished[$0.type, default: 0] } ?? 0)
            + profile.requestSeconds(patches, perMinute: profile.perMinute(cacheable: false, live: true))
        var chain: [ResourceType] = []
        var cursor = last?.type
        while let type = cursor {
            chain.insert(type, at: 0)
            cursor = cause[type]
        }
        let rate = max(
            profile.requestSeconds(sourceOther, perMinute: profile.perMinute(cacheable: false, live: false)),
            profile.requestSeconds(targetOther, perMinute: profile.perMinute(cacheable: false, live: true)))
        let importSlots = importJobSeconds / slots
        let exportSlots = exportJobSeconds / slots
        return Estimate(
            seconds: max(path, importSlots, exportSlots, rate), pathSeconds: path, criticalPath: chain,
            importSlotSeconds: importSlots, exportSlotSeconds: exportSlots, rateSeconds: rate, landed: landed)
    }

    /// The faster way to read `records` records from one environment.
    private func readSeconds(_ records: Int, cacheable: Bool, live: Bool) -> (seconds: Double, byExport: Bool) {
        guard records > 0 else { return (0, false) }
        let export = jobsSeconds(records, chunk: exportChunk, rate: profile.exportRecordsPerSecond)
        let pages = profile.requestSeconds(
            (records + CommerceLayerLimits.maxPageSize - 1) / CommerceLayerLimits.maxPageSize,
            perMinute: profile.perMinute(cacheable: cacheable, live: live))
        return pages <= export ? (pages, false) : (export, true)
    }

    /// The import chunk size for `records` spread over `slots` imports, as the clone cuts them.
    private func spreadChunk(_ records: Int, slots: Int) -> Int {
        PlanLimits.spreadImportChunk(records: records, chunk: importChunk, slots: slots)
    }

    private func jobCount(_ records: Int, chunk: Int) -> Int { records <= 0 ? 0 : (records + chunk - 1) / chunk }

    /// Job-seconds of all jobs of one type (each waits the start latency).
    private func jobSeconds(_ records: Int, chunk: Int, rate: Double) -> Double {
        Double(jobCount(records, chunk: chunk)) * profile.jobStartLatency + Double(records) / rate
    }

    /// The least wall time of one type's jobs: its largest job (the records shared evenly by as
    /// few jobs as the chunk size allows), and its job-seconds over the slots.
    private func jobsSeconds(_ records: Int, chunk: Int, rate: Double) -> Double {
        guard records > 0 else { return 0 }
        let jobs = jobCount(records, chunk: chunk)
        let largest = profile.jobSeconds(records: (records + jobs - 1) / jobs, recordsPerSecond: rate)
        return max(largest, jobSeconds(records, chunk: chunk, rate: rate) / Double(max(1, profile.jobsPerKind)))
    }
}
