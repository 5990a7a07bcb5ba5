import Foundation
import ResourceCatalog
import Staging

/// The read and read-back phases of a type: what the target holds of it, read into the target
/// store, and the target ids the staged records whose identities match get from it.
struct TargetReads: Sendable {
    let reader: TypeReader
    /// The source's records (their target ids are recorded here).
    let sourceStore: StagingStore
    /// The latest reads of the target, per type.
    let targetStore: StagingStore

    /// Reads the type from the target into the target store and records its ids.
    func scan(_ type: ResourceType, shape: ExportShape, label: ReadLabel) async throws {
        try await read(type, shape: shape, label: label)
        try recordTargetIDs(type)
    }

    /// Reads the type from the target into the target store (journaled under `label`).
    func read(_ type: ResourceType, shape: ExportShape, label: ReadLabel) async throws {
        try await reader.read(.init(type: type, shape: shape, label: label), into: targetStore)
    }

    /// Records the target ids of the type read last, for the staged records whose target
    /// identities match (call after `computeTargetIdentities(type:)`).
    func recordTargetIDs(_ type: ResourceType) throws {
        try targetStore.identities.resolveSourceIDReferences(type: type)
        try sourceStore.identities.recordTargetIDs(
            targetIdentities: targetStore.comparison.environmentIDs(type: type), type: type)
    }

    /// A fresh read of the type from the target (before a chunk or batch is sent again).
    func rescan(_ type: ResourceType, shape: ExportShape) async throws {
        try await scan(type, shape: shape, label: .rescan(tag: UUID().uuidString.prefix(8).lowercased()))
    }
}
