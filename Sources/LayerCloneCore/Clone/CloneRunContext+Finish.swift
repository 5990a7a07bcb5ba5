import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

extension CloneRunContext {
    /// What happened to the records of `type`, from staging's outcomes.
    func outcome(of type: ResourceType) throws -> TypeOutcome {
        var outcome = TypeOutcome()
        outcome.sourceRecords = try sourceStore.comparison.recordCount(type: type)
        let counts = try sourceStore.outcomes.outcomeCounts(type: type)
        outcome.created = counts[.created, default: 0]
        outcome.updated = counts[.updated, default: 0] + counts[.imported, default: 0]
        outcome.rejected = counts[.rejected, default: 0]
        outcome.skipped = counts[.skipped, default: 0]
        outcome.drifted = counts[.drifted, default: 0]
        outcome.unchanged = try journal.unit(.diff(type))?.detail(DiffDetail.self)?.unchanged ?? 0
        outcome.missingReferences = try sourceStore.remapper.missingReferences(type: type).count
        return outcome
    }

    /// Sets the relationships that closed cycles, now that both sides exist; each patch is a
    /// journaled unit, and only records whose target value differs are written.
    func applyDeferredPatches() async throws {
        for patch in plan.deferred {
            let key = WorkUnitKey.deferredPatch(patch.type, relationship: patch.relationship)
            guard try journal.plan(key).state != .completed else { continue }
            job.crash.reached("patch-before")
            try journal.markRequested(key, remoteID: nil)
            let current = Dictionary(
                try targetStore.remapper.references(type: patch.type, relation: patch.relationship).map {
                    ($0.targetIdentity, $0.parentTargetIdentity)
                }, uniquingKeysWith: { first, _ in first })
            var patched = 0
            var unresolved: [String] = []
            for reference in try sourceStore.remapper.references(type: patch.type, relation: patch.relationship)
            where current[reference.targetIdentity] != reference.parentTargetIdentity {
                guard
                    let recordID = try sourceStore.identities.targetID(type: patch.type, identity: reference.identity),
                    let parentID = try sourceStore.identities.targetID(
                        type: reference.parentType, identity: reference.parentIdentity)
                else {
                    unresolved.append("\(reference.identity) → \(reference.parentIdentity)")
                    continue
                }
                _ = try await job.target.client.update(
                    patch.type, id: recordID, attributes: [:],
                    relationships: [
                        patch.relationship: .toOne(ResourceIdentifier(type: reference.parentType, id: parentID))
                    ])
                patched += 1
            }
            for line in unresolved {
                events.emit(.warning("\(patch.type).\(patch.relationship) not set for \(line): not in the target"))
            }
            try journal.markCompleted(key, detail: PatchDetail(patched: patched, unresolved: unresolved))
            job.crash.reached("patch-after")
        }
        // Types whose relationships changed after their read-back: deferred patches, and
        // to-many relationships (set while the type's children were already being written).
        let toManyPatched = try journal.units(kind: .patch).filter { unit in
            guard case .toManyPatch = unit.key else { return false }
            return try (unit.detail(PatchDetail.self)?.patched ?? 0) > 0
        }.map(\.type)
        for type in Set(plan.deferred.map(\.type)).union(toManyPatched).sorted() {
            guard let step = plan.step(type) else { continue }
            try await targetReader.read(
                .init(type: type, shape: step.export, label: .final), into: targetStore)
        }
    }

    /// Compares the type's staged records (those not rejected or skipped) with the target's
    /// latest read of it, by identity, to-many relationships included.
    func compare(_ type: ResourceType) throws -> TypeComparison {
        // A final read names parents it could not include by their ids: resolve them.
        try targetStore.identities.resolveSourceIDReferences(type: type)
        let leftOut = try sourceStore.outcomes.recordIDs(type: type, withOutcome: [.rejected, .skipped, .drifted])
        let source = try sourceStore.comparison.comparableRecords(type: type).filter { !leftOut.contains($0.recordID) }
        let sourceIdentities = Set(source.compactMap(\.identity))
        let target = try targetStore.comparison.comparableRecords(type: type).filter {
            $0.identity.map(sourceIdentities.contains) ?? false
        }
        try recordWritten(type, source: source, target: target)
        let scheduled = Set(plan.steps.map(\.type)).union(plan.lookedUpTypes)
        let comparison = TypeComparison.compare(
            type: type,
            source: try addingToMany(source, store: sourceStore, type: type, scheduled: scheduled),
            target: try addingToMany(target, store: targetStore, type: type, scheduled: scheduled))
        var annotated = comparison.annotating(
            try absentToManyNotes(
                type: type, scheduled: scheduled, differing: Set(comparison.different.map(\.identity))))
        // Against what the source held when it was read, not only what staging holds now.
        if let counted = try journal.unit(.count(.export, type))?.detail(CountDetail.self)?.count {
            annotated.notStaged = max(0, counted - (try sourceStore.comparison.recordCount(type: type)))
        }
        return annotated
    }

    /// Compares what was meant to land with what the target holds, writes the report and
    /// returns the result. Records left out on purpose (rejected, skipped) are reported as
    /// such, not as differences.
    func finish(failures: [TypeFailure]) throws -> CloneResult {
        let failed = Set(failures.map(\.type))
        var outcomes: [(type: ResourceType, outcome: TypeOutcome)] = []
        var verification: [TypeComparison] = []
        var rejections: [RunReport.Rejection] = []
        var drifted: [RunReport.Rejection] = []
        var unresolved: [RunReport.UnresolvedReference] = []
        var withheld: [WithheldValue] = []
        for step in plan.steps {
            let type = step.type
            outcomes.append((type, try outcome(of: type)))
            for rejected in try sourceStore.outcomes.rejectedRecords(type: type) {
                rejections.append(
                    .init(type: type, identity: rejected.identity ?? "#\(rejected.recordID)", reason: rejected.reason))
            }
            for record in try sourceStore.outcomes.records(type: type, withOutcome: .drifted) {
                drifted.append(
                    .init(type: type, identity: record.identity ?? "#\(record.recordID)", reason: record.reason))
            }
            for missing in try sourceStore.remapper.missingReferences(type: type) {
                unresolved.append(
                    .init(
                        type: type, identity: missing.identity ?? "#\(missing.recordID)",
                        relationship: missing.relation,
                        missingParent: "\(missing.parentType) \(missing.parentIdentity ?? "(not in the export)")",
                        consequence: missing.action.rawValue))
            }
            withheld += try sourceStore.loader.withheldValues(type: type)
            guard !failed.contains(type) else { continue }
            verification.append(try verifiedEarly[type] ?? compare(type))
        }
        let order = DependencyOrder(
            layers: Dictionary(grouping: plan.steps, by: \.layer).sorted { $0.key < $1.key }.map {
                $0.value.map(\.type)
            },
            deferred: plan.edges.filter { edge in
                plan.deferred.contains { $0.type == edge.from && $0.relationship == edge.relationship }
            })
        var typeLines: [RunReport.TypeLine] = []
        let units = try journal.units()
        for (type, outcome) in outcomes {
            let times = units.filter { $0.type == type }.flatMap { [$0.startedAt, $0.finishedAt].compactMap { $0 } }
            let seconds = (times.max()?.timeIntervalSince(times.min() ?? Date())) ?? 0
            let method = plan.step(type)?.method.rawValue ?? "?"
            typeLines.append(.init(type: type, method: method, outcome: outcome, seconds: seconds))
        }
        var report = RunReport(
            run: try journal.run(), finishedAt: Date(), types: typeLines, rejections: rejections,
            unresolved: unresolved,
            secrets: RunReport.secretFields(of: plan.steps.map(\.type), catalog: job.catalog), order: order,
            edges: plan.edges, timeline: try RunReport.timeline(from: journal),
            readFallbacks: try ReadFallback.recorded(in: journal),
            verification: verification.flatMap(\.findings) + failures.map { "\($0.type) failed: \($0.reason)" })
        report.withheld = withheld
        report.drifted = drifted
        report.unknownFields = try UnknownFields.recorded(in: journal)
        report.prune = try PruneOutcome.recorded(in: journal)
        try write(MarkdownReportRenderer.render(report), to: directory.reportMarkdownPath)
        try write(HTMLReportRenderer.render(report), to: directory.reportHTMLPath)
        var result = CloneResult(
            runID: runID, directory: directory, outcomes: outcomes, verification: verification,
            reportPath: directory.reportMarkdownPath, htmlReportPath: directory.reportHTMLPath)
        result.prune = report.prune
        return result
    }

    private func write(_ text: String, to path: String) throws {
        try SecureFile.replace(atPath: path, with: Data(text.utf8))
    }
}
