import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// What the target holds now of the types an undo touches: records by identity, and the id
/// of every record of the plan's and looked-up types (parents named by identity).
struct UndoTargetState: Sendable {
    let store: StagingStore
    let ids: [ResourceType: [String: String]]

    init(store: StagingStore, plan: ExecutionPlan) throws {
        self.store = store
        var ids: [ResourceType: [String: String]] = [:]
        for type in Set(plan.steps.map(\.type)).union(plan.lookedUpTypes) {
            ids[type] = Dictionary(
                try store.comparison.environmentIDs(type: type).map { ($0.identity, $0.id) },
                uniquingKeysWith: { first, _ in first })
        }
        self.ids = ids
    }

    /// The records of `type` by identity, with their ids (the first of an identity).
    func records(_ type: ResourceType) throws -> [String: (id: String, record: ComparableRecord)] {
        var result: [String: (id: String, record: ComparableRecord)] = [:]
        for record in try store.comparison.comparableRecords(type: type) {
            guard let identity = record.identity, result[identity] == nil,
                let id = ids[type]?[identity] ?? record.environmentID
            else { continue }
            result[identity] = (id, record)
        }
        return result
    }
}

/// Sends an undo's steps: deletes children before parents, restores, then creates parents
/// before children (a re-created child's parent may itself be re-created).
struct UndoWriter: Sendable {
    let client: CommerceLayerClient
    let catalog: ResourceCatalog
    let plan: ExecutionPlan
    let state: UndoTargetState
    let crash: CrashPoints
    /// Journals that this undo is about to unlink a record (type, identity).
    let unlinking: @Sendable (ResourceType, String) throws -> Void

    /// Sends every step; returns those the target refused, with why.
    /// - Throws: what stops the undo as a whole (API unreachable, cancellation): run it again.
    func apply(_ steps: [UndoDecision.Step]) async throws -> [UndoDecision.Left] {
        let layer = { (type: ResourceType) in plan.step(type)?.layer ?? 0 }
        var failed = try await delete(steps.filter { if case .delete = $0.kind { true } else { false } })
        var ids = state.ids
        let restores = steps.filter { if case .restore = $0.kind { true } else { false } }
        let creates = steps.filter { if case .recreate = $0.kind { true } else { false } }
        for step in restores + creates.sorted(by: { layer($0.type) < layer($1.type) }) {
            let spec = catalog.spec(step.type)
            let known = ids
            let parentID = { (type: ResourceType, identity: String) in known[type]?[identity] }
            do {
                switch step.kind {
                case .delete: break
                case .restore(let id, let before, let current):
                    let payload = try UndoPayload.restoring(before, over: current, spec: spec, parentID: parentID)
                    _ = try await client.update(
                        step.type, id: id, attributes: payload.attributes, relationships: payload.relationships)
                case .recreate(let fields):
                    let payload = try UndoPayload.creating(fields, spec: spec, parentID: parentID)
                    let created = try await client.create(
                        step.type, attributes: payload.attributes, relationships: payload.relationships)
                    ids[step.type, default: [:]][step.identity] = created.id
                }
            } catch let missing as UndoPayload.MissingParent {
                failed.append(
                    .init(
                        type: step.type, identity: step.identity,
                        reason: "its \(missing.relationship) \(missing.identity) is not in the target"))
            } catch CommerceLayerError.api(let error) {
                failed.append(.init(type: step.type, identity: step.identity, reason: "the target refused: \(error)"))
            }
            crash.reached("undo-step")
        }
        return failed
    }

    /// Deletes what the run created, children before parents. A record that closes a cycle
    /// (a deferred relationship, such as a market's default shipping method) is unlinked
    /// first (journaled by `unlinking` before the change); a delete the target refuses
    /// because another record still points at the record is tried again after a pass that
    /// deleted others, as long as passes make progress.
    private func delete(_ steps: [UndoDecision.Step]) async throws -> [UndoDecision.Left] {
        let layer = { (type: ResourceType) in plan.step(type)?.layer ?? 0 }
        for step in steps {
            let relationships = plan.deferred.filter { $0.type == step.type }.map(\.relationship)
            guard case .delete(let id) = step.kind, !relationships.isEmpty else { continue }
            try unlinking(step.type, step.identity)
            do {
                _ = try await client.update(
                    step.type, id: id, attributes: [:],
                    relationships: Dictionary(uniqueKeysWithValues: relationships.map { ($0, .toOne(nil)) }))
            } catch CommerceLayerError.api {
                // Gone already, or refused: the delete below says which.
            }
            crash.reached("undo-unlinked")
        }
        var pending = steps.sorted { layer($0.type) > layer($1.type) }
        var failed: [UndoDecision.Left] = []
        while true {
            var again: [UndoDecision.Step] = []
            var locked: [UndoDecision.Left] = []
            for step in pending {
                guard case .delete(let id) = step.kind else { continue }
                do {
                    try await client.delete(step.type, id: id)
                } catch CommerceLayerError.api(let error) where error.status == 404 {
                    // Gone already.
                } catch CommerceLayerError.api(let error) {
                    let left = UndoDecision.Left(
                        type: step.type, identity: step.identity, reason: "the target refused: \(error)")
                    if error.status == 423 {
                        again.append(step)
                        locked.append(left)
                    } else {
                        failed.append(left)
                    }
                }
                crash.reached("undo-step")
            }
            if again.isEmpty || again.count == pending.count { return failed + locked }
            pending = again
        }
    }
}
