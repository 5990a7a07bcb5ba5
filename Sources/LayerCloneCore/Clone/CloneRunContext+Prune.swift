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
    /// read (their before-images), before the first delete: a resumed run deletes the same
    /// records (one already gone counts as deleted). When more records would go than
    /// `rule.maxDeletes`, none is deleted and every one is recorded as left, with why. Applying
    /// a saved diff deletes only the records it listed, and leaves those changed since it was
    /// taken unless `--force`.
    func prune(_ rule: PruneRule) async throws {
        if try journal.units(kind: .prune).isEmpty { try planPrune(rule) }
        for unit in try journal.units(kind: .prune) where unit.state != .completed {
            job.crash.reached("prune")
            var refused = unit.detail[PruneOutcome.refusedKey]?.objectValue ?? [:]
            for record in unit.detail[PruneOutcome.recordsKey]?.arrayValue ?? [] {
                guard let identity = record["identity"]?.stringValue, let id = record["id"]?.stringValue,
                    refused[identity] == nil
                else { continue }
                do {
                    try await job.target.client.delete(unit.type, id: id)
                } catch CommerceLayerError.api(let error) where error.status == 404 {
                    // Gone already (deleted before a kill, or by someone else).
                } catch CommerceLayerError.api(let error) where (400..<500).contains(error.status) {
                    refused[identity] = .string("the target refused to delete it: \(error.description)")
                }
            }
            try journal.mergeDetail(unit.id, [PruneOutcome.refusedKey: .object(refused)])
            try journal.markCompleted(unit.id)
        }
    }

    /// Plans one unit per type with records to delete (children first), or records that none
    /// may go when more than `rule.maxDeletes` would.
    private func planPrune(_ rule: PruneRule) throws {
        var candidates: [(type: ResourceType, records: [JSONValue], held: [String: JSONValue])] = []
        for step in plan.steps.sorted(by: { $0.layer > $1.layer }) {
            let type = step.type
            let inSource = try sourceStore.identitiesInTarget(type: type)
            var records = try targetStore.environmentRecords(type: type).filter { !inSource.contains($0.identity) }
            var held: [String: JSONValue] = [:]
            if let diff = job.writeGuard.diff {
                let listed = diff.deletions(type: type)
                records = records.filter { listed[$0.identity] != nil }
                if !diff.force {
                    let current = Dictionary(
                        try targetStore.comparableRecords(type: type).compactMap { record in
                            record.identity.map { ($0, record.formHash) }
                        }, uniquingKeysWith: { first, _ in first })
                    for record in records where current[record.identity] != listed[record.identity] {
                        held[record.identity] = .string(DiffSelection.changedSinceDiff)
                    }
                }
            }
            guard !records.isEmpty else { continue }
            let images = records.map { record -> JSONValue in
                [
                    "identity": .string(record.identity), "id": .string(record.id),
                    "body": (try? JSONValue.parse(record.body)) ?? .string(record.body),
                ]
            }
            candidates.append((type, images, held))
        }
        var images: [BeforeImage] = []
        for candidate in candidates {
            let going = Set(candidate.records.compactMap { $0["identity"]?.stringValue })
            for record in try targetStore.comparableRecords(type: candidate.type) {
                guard let identity = record.identity, going.contains(identity) else { continue }
                images.append(
                    BeforeImage(
                        type: candidate.type, identity: identity, action: .delete, targetID: record.environmentID,
                        fields: record.fields))
            }
        }
        try journal.recordBeforeImages(images)
        let deletable = candidates.reduce(0) { $0 + $1.records.count - $1.held.count }
        let overLimit = deletable > rule.maxDeletes
        for candidate in candidates {
            var refused = candidate.held
            if overLimit {
                let reason = JSONValue.string(
                    "not deleted: \(deletable) records would go, more than --max-deletes \(rule.maxDeletes) allows")
                for record in candidate.records {
                    if let identity = record["identity"]?.stringValue, refused[identity] == nil {
                        refused[identity] = reason
                    }
                }
            }
            let id = WorkUnit.id(.prune, candidate.type)
            try journal.plan(
                id, kind: .prune, type: candidate.type,
                detail: [
                    PruneOutcome.recordsKey: .array(candidate.records), PruneOutcome.refusedKey: .object(refused),
                    PruneOutcome.overLimitKey: .bool(overLimit),
                    PruneOutcome.maxDeletesKey: .int(Int64(rule.maxDeletes)),
                ])
            if overLimit { try journal.markCompleted(id) }
        }
    }
}
