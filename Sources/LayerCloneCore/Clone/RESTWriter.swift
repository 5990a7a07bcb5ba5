import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Writes one type's staged records to the target record by record over REST (types the
/// import API does not take): PATCH when the target holds a record of the same identity,
/// POST otherwise. A disabled record is created with `_disable: true`; an update sends
/// `_disable` / `_enable` when the target's record is in the other state. A create whose answer is lost is looked up by identity before it is sent
/// again; a resumed write first rereads the target so nothing is created twice.
struct RESTWriter: Sendable {
    let target: CloneEnvironment
    let journal: RunJournal
    let store: StagingStore
    let events: any EventSink
    let crash: CrashPoints
    /// Rereads the type from the target and records its ids.
    let rescan: @Sendable (ResourceType) async throws -> Void
    /// Finds the target record of an identity (reads the type from the target).
    let lookup: @Sendable (ResourceType, String) async throws -> Resource?
    /// The ids of the target's disabled records of a type, as last read (types with the
    /// enabled/disabled state): an update sends `_disable` / `_enable` only when the state
    /// differs.
    let disabledInTarget: @Sendable (ResourceType) throws -> Set<String>

    static let batchSize = 25

    /// Writes every record of `type` that has no outcome yet.
    func write(type: ResourceType) async throws {
        let unfinished = try journal.units(kind: .restBatch, type: type).filter { $0.state != .completed }
        if !unfinished.isEmpty {
            // A create in flight when the last process died may land late: wait it out, then
            // reread the target so every record that landed is updated, not created twice.
            for unit in unfinished { _ = try await journal.settleInDoubtSend(unit) }
            try await rescan(type)
        }
        let done = try store.outcomes.recordIDs(type: type, withOutcome: [.created, .updated, .rejected])
        let disabled = try disabledInTarget(type)
        var after: Int64 = 0
        var written = 0
        while true {
            try Task.checkCancellation()
            let page = try store.chunks.restPayloads(type: type, after: after, limit: Self.batchSize)
            guard let last = page.last else { return }
            after = last.recordID
            let batch = page.filter { !done.contains($0.recordID) }
            guard !batch.isEmpty else { continue }
            let key = WorkUnitKey.restBatch(type, firstRecord: batch[0].recordID)
            try journal.plan(key, detail: RESTBatchDetail(records: batch.count))
            try journal.markRequested(key, remoteID: nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for payload in batch {
                    group.addTask {
                        try await target.restSlots.withPermit {
                            try await writeRecord(payload, type: type, unit: key, disabledInTarget: disabled)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try journal.markCompleted(key)
            written += batch.count
            events.emit(.typeProgress(type: type, phase: .written, done: written, total: written))
        }
    }

    private func writeRecord(
        _ payload: RESTPayload, type: ResourceType, unit: WorkUnitKey, disabledInTarget: Set<String>
    ) async throws {
        let document = try JSONValue.parse(payload.documentJSON)
        var attributes = document["data"]?["attributes"]?.objectValue ?? [:]
        var relationships: [String: RelationshipLinkage] = [:]
        for (name, value) in document["data"]?["relationships"]?.objectValue ?? [:] {
            guard let data = value["data"], let parentType = data["type"]?.stringValue, let id = data["id"]?.stringValue
            else { continue }
            relationships[name] = .toOne(ResourceIdentifier(type: ResourceType(parentType), id: id))
        }
        let client = target.client
        do {
            if let identity = payload.identity,
                let existing = try store.identities.targetID(type: type, identity: identity)
            {
                if store.catalog[type]?.hasEnabledState == true {
                    Self.setStateTriggers(&attributes, targetDisabled: disabledInTarget.contains(existing))
                }
                _ = try await client.update(type, id: existing, attributes: attributes, relationships: relationships)
                try store.outcomes.recordOutcome(recordID: payload.recordID, type: type, .updated, targetID: existing)
            } else {
                crash.reached("rest-record")
                try journal.markSending(unit)
                let identity = payload.identity
                var findExisting: (@Sendable () async throws -> Resource?)?
                if let identity {
                    let lookup = self.lookup
                    findExisting = { try await lookup(type, identity) }
                }
                let created = try await client.create(
                    type, attributes: attributes, relationships: relationships, findExisting: findExisting)
                try store.outcomes.recordOutcome(recordID: payload.recordID, type: type, .created, targetID: created.id)
                if let identity { try store.identities.recordTargetIDs([(identity, created.id)], type: type) }
            }
        } catch CommerceLayerError.api(let error) where error.status == 422 || error.status == 409 {
            let reason = error.errors.map { object in
                [object.pointer.map { ($0 as NSString).lastPathComponent }, object.detail ?? object.title]
                    .compactMap { $0 }.joined(separator: ": ")
            }.joined(separator: "; ")
            try store.outcomes.recordOutcome(recordID: payload.recordID, type: type, .rejected, reason: reason)
        }
    }

    /// Turns the state a payload carries (`_disable: true` for a disabled record, nothing for an
    /// enabled one) into the triggers an update needs: none when the target's record is in that
    /// state already, `_disable` or `_enable` when it is not.
    static func setStateTriggers(_ attributes: inout [String: JSONValue], targetDisabled: Bool) {
        let disabled = attributes.removeValue(forKey: ResourceSpec.disableTrigger) == .bool(true)
        switch (disabled, targetDisabled) {
        case (true, false): attributes[ResourceSpec.disableTrigger] = .bool(true)
        case (false, true): attributes[ResourceSpec.enableTrigger] = .bool(true)
        default: break
        }
    }
}
