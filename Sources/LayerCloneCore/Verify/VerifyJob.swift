import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Compares a plan's types between two environments by identity: counts, identities missing
/// in the target, extra ones, and records whose content differs (clonable attributes, the
/// enabled/disabled state, and parents by identity; ids, timestamps and secrets never count).
///
/// Both sides are read through read-only clients (`SideBySideRead`); the plan's transforms are
/// applied to the source first, so a masked clone compares equal to its source.
package struct VerifyJob: Sendable {
    package let plan: ExecutionPlan
    package let source: ReadingSide
    package let target: ReadingSide
    package let workdir: URL
    package let events: any EventSink
    package var pollInterval: Duration = .seconds(1)

    package init(
        plan: ExecutionPlan, source: ReadingSide, target: ReadingSide, workdir: URL, events: any EventSink
    ) {
        self.plan = plan
        self.source = source
        self.target = target
        self.workdir = workdir
        self.events = events
    }

    /// Reads both sides and compares them, type by type in dependency order.
    package func run() async throws -> [TypeComparison] {
        // Its store, journal and file work blocks: off the cooperative pool (`BlockingExecutor`).
        try await BlockingExecutor.shared.run { try await execute() }
    }

    private func execute() async throws -> [TypeComparison] {
        let stores = try await SideBySideRead(
            plan: plan, source: source, target: target, workdir: workdir, events: events, pollInterval: pollInterval,
            purpose: "verify"
        ).read()
        defer { withExtendedLifetime(stores.lock) {} }
        var comparisons: [TypeComparison] = []
        for step in plan.steps {
            let sourceRecords = try stores.source.comparison.comparableRecords(type: step.type)
            let targetRecords = try stores.target.comparison.comparableRecords(type: step.type)
            comparisons.append(
                TypeComparison.compare(
                    type: step.type,
                    source: sourceRecords.compactMap { record in record.identity.map { ($0, record.fields) } },
                    target: targetRecords.compactMap { record in record.identity.map { ($0, record.fields) } }))
        }
        try stores.journal.setRunState(.finished)
        return comparisons
    }
}
