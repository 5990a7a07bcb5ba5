import CommerceLayerAPI
import Foundation
import ResourceCatalog

extension Probe {
    /// The types the probe writes, dependents first (the order they are deleted in).
    package static let writtenTypes: [ResourceType] = [
        "price_volume_tiers", "prices", "skus", "price_lists", "shipping_categories", "tags", "payment_methods",
        "manual_gateways",
    ]

    /// What a cleanup did.
    struct Cleanup: Sendable {
        var removed = 0
        var notRemoved: [String] = []
    }

    /// Deletes every record and job whose reference starts with `layerclone-probe:`, this
    /// probe's and those of earlier probes that were killed before their own cleanup.
    /// - Returns: how many were removed and what could not be (`type/id: reason`).
    func cleanup() async -> Cleanup {
        var cleanup = Cleanup()
        for type in Self.writtenTypes {
            await remove(type, into: &cleanup)
        }
        for kind in ["exports", "imports"] as [ResourceType] {
            await remove(kind, into: &cleanup)
        }
        return cleanup
    }

    private func remove(_ type: ResourceType, into cleanup: inout Cleanup) async {
        let found: [Resource]
        do {
            found = try await client.list(type, query: Query().filter("reference", .start, Self.referencePrefix))
                .collect(limit: 1_000)
        } catch {
            cleanup.notRemoved.append("\(type) with reference \(Self.referencePrefix)…: cannot list them: \(error)")
            return
        }
        for resource in found {
            do {
                if type == "exports" || type == "imports", let status = resource.attributes["status"]?.stringValue,
                    status == "pending" || status == "in_progress"
                {
                    _ = try await client.update(type, id: resource.id, attributes: ["_interrupt": true])
                }
                try await client.delete(type, id: resource.id)
                cleanup.removed += 1
            } catch CommerceLayerError.api(let error) where error.status == 404 {
                // Gone already (a nested tier deleted with its price).
            } catch {
                cleanup.notRemoved.append("\(type)/\(resource.id): \(error)")
            }
        }
    }
}
