import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// `--prune`: deleting the target records of the plan's types that the source lacks.
extension CloneRunContext {
    /// Deletes, children before parents, the target records of the plan's types the source
    /// lacks (as the latest reads of the target found them), once everything else is written.
    ///
    /// Each type is a journaled unit planned with the records it deletes and their bodies as
    /// read, before the first delete (and their before-images journaled for `undo`): a resumed
    /// run deletes the same records (one already gone counts as deleted). When more records
    /// would go than `rule.maxDeletes`, none is deleted and every one is recorded as left,
    /// with why. Applying a saved diff deletes only the records it listed, and leaves those
    /// changed since it was taken unless `--force`.
    func prune(_ rule: PruneRule) async throws {
        if try journal.units(kind: .prune).isEmpty { try planPrune(rule) }
        for unit in try journal.units(kind: .prune) where unit.state != .completed {
            guard var detail = try unit.detail(PruneDetail.self) else { continue }
            job.crash.reached("prune")
            for record in detail.records where detail.refused[record.identity] == nil {
                do {
                    try await job.target.client.delete(unit.type, id: record.id)
                } catch CommerceLayerError.api(let error) where error.status == 404 {
                    // Gone already (deleted before a kill, or by someone else).
                } catch CommerceLayerError.api(let error) where (400..<500).contains(error.status) {
                    detail.refused[record.identity] = "the target refused to delete it: \(error.description)"
                }
            }
            try journal.markCompleted(unit.key, detail: detail)
        }
    }

    /// Plans one unit per type with records to delete (children first), or records that none
    /// may go when more than `rule.maxDeletes` would.
    private func planPrune(_ rule: PruneRule) throws {
        var candidates: [(type: ResourceType, records: [PruneDetail.Record], held: [String: String])] = []
        for step in plan.steps.sorted(by: { $0.layer > $1.layer }) {
            let type = step.type
            let inSource = try sourceStore.comparison.identitiesInTarget(type: type)
            var records = try targetStore.comparison.environmentRecords(type: type).filter {
                !inSource.contains($0.identity)
            }
            var held: [String: String] = [:]
            if let diff = job.writePolicy.writeGuard.diff {
                let listed = diff.deletions(type: type)
                records = records.filter { listed[$0.identity] != nil }
                if !diff.force {
                    let current = ComparableRecord.fingerprints(
                        of: try targetStore.comparison.comparableRecords(type: type))
                    for record in records where current[record.identity] != listed[record.identity] {
                        held[record.identity] = DiffSelection.changedSinceDiff
                    }
                }
            }
            guard !records.isEmpty else { continue }
            let images = records.map {
                PruneDetail.Record(
                    identity: $0.identity, id: $0.id, body: (try? JSONValue.parse($0.body)) ?? .string($0.body))
            }
            candidates.append((type, images, held))
        }
        try journalBeforeImages(of: candidates.map { ($0.type, Set($0.records.map(\.identity))) })
        let deletable = candidates.reduce(0) { $0 + $1.records.count - $1.held.count }
        let overLimit = deletable > rule.maxDeletes
        for candidate in candidates {
            var refused = candidate.held
            if overLimit {
                let reason =
                    "not deleted: \(deletable) records would go, more than --max-deletes \(rule.maxDeletes) allows"
                for record in candidate.records where refused[record.identity] == nil {
                    refused[record.identity] = reason
                }
            }
            let detail = PruneDetail(
                records: candidate.records, refused: refused, overLimit: overLimit, maxDeletes: rule.maxDeletes)
            try journal.plan(.prune(candidate.type), detail: detail)
            if overLimit { try journal.markCompleted(.prune(candidate.type), detail: detail) }
        }
    }

    /// Journals the before-images of the records a prune may delete.
    private func journalBeforeImages(of going: [(type: ResourceType, identities: Set<String>)]) throws {
        var images: [BeforeImage] = []
        for (type, identities) in going {
            for record in try targetStore.comparison.comparableRecords(type: type) {
                guard let identity = record.identity, identities.contains(identity) else { continue }
                images.append(
                    BeforeImage(
                        type: type, identity: identity, action: .delete, targetID: record.environmentID,
                        fields: record.fields))
            }
        }
        try journal.recordBeforeImages(images)
    }
}
