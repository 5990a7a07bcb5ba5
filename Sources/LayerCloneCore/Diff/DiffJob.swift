import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Reads a plan's types from both sides and says what a clone would change in the target,
/// writing nothing: it holds only reading sides (`ReadingSide`, read-only clients), so it
/// cannot write to either environment.
///
/// With an output file it saves the diff for `apply`: the source's staged records (a
/// snapshot), what to create and update, and the fingerprint of each target record read.
package struct DiffJob: Sendable {
    package let plan: ExecutionPlan
    package let planText: String
    package let source: ReadingSide
    package let target: ReadingSide
    package let workdir: URL
    package let events: any EventSink
    package var pollInterval: Duration = .seconds(1)

    package init(
        plan: ExecutionPlan, planText: String, source: ReadingSide, target: ReadingSide, workdir: URL,
        events: any EventSink
    ) {
        self.plan = plan
        self.planText = planText
        self.source = source
        self.target = target
        self.workdir = workdir
        self.events = events
    }

    /// Reads both sides and computes the diff; saves it to `output` when given.
    package func run(output: String? = nil) async throws -> StoreDiff {
        // Its store, journal and file work blocks: off the cooperative pool (`BlockingExecutor`).
        try await BlockingExecutor.shared.run { try await execute(output: output) }
    }

    private func execute(output: String?) async throws -> StoreDiff {
        let stores = try await SideBySideRead(
            plan: plan, source: source, target: target, workdir: workdir, events: events, pollInterval: pollInterval,
            purpose: "diff"
        ).read()
        defer { withExtendedLifetime(stores.lock) {} }
        var types: [TypeDiff] = []
        for step in plan.steps {
            types.append(
                TypeDiff.compute(
                    type: step.type, source: try stores.source.comparison.comparableRecords(type: step.type),
                    target: try stores.target.comparison.comparableRecords(type: step.type), write: step.write))
        }
        let targetClaims = try await target.client.claims()
        let written = Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0.creates.count + $0.updates.count) })
        let estimate = CostModel(target: targetClaims.environment == .live ? .live : .test)
            .estimate(plan, counts: written, countRequests: false)
        let diff = StoreDiff(
            types: types, applyRequests: estimate.targetRequests.total, applySeconds: estimate.targetSeconds)
        if let output { try await save(diff, from: stores.source, to: output, target: targetClaims) }
        try stores.journal.setRunState(.finished)
        return diff
    }

    /// Saves the diff as a snapshot of the source's records with the diff's entries and the
    /// target it was taken against.
    private func save(_ diff: StoreDiff, from store: StagingStore, to output: String, target: TokenClaims) async throws
    {
        let sourceClaims = try await source.client.claims()
        var counts: [String: JSONValue] = [:]
        for step in plan.steps {
            counts[step.type.rawValue] = .int(Int64(try store.comparison.recordCount(type: step.type)))
        }
        try store.runFile.writeDiffEntries(diff.entries)
        try store.runFile.writeSnapshotInfo([
            "format_version": .int(Int64(RunFileStorage.snapshotFormatVersion)), "id": .string(UUID().uuidString),
            "kind": "diff", "plan": .string(planText), "plan_file": .string(plan.file),
            "organization": .string(sourceClaims.organizationSlug),
            "environment": .string("\(sourceClaims.environment)"),
            "target": [
                "profile": .string(self.target.name), "organization": .string(target.organizationSlug),
                "environment": .string(target.environment.rawValue),
            ],
            "created_at": .string(ISO8601DateFormatter().string(from: Date())), "records": .object(counts),
        ])
        try store.copy(to: output)
    }
}
