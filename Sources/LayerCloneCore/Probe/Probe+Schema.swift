import CommerceLayerAPI
import ResourceCatalog

extension Probe {
    /// The types whose records the probe reads back whole to compare with the catalog.
    static let comparedTypes: [ResourceType] = ["shipping_categories", "tags", "price_lists", "skus"]

    /// Attributes the probe's own records carry that the catalog does not know
    /// (`UnknownFields`), by type: one list request per type it created.
    func checkUnknownAttributes(into capabilities: inout Capabilities, catalog: ResourceCatalog = .commerceLayer)
        async throws
    {
        log("comparing the probe's records with layerclone's catalog…")
        for type in Self.comparedTypes {
            let page = try await client.page(type, query: Query().filter("reference", .eq, reference).pageSize(1))
            guard let sample = page.resources.first, let spec = catalog[type],
                let unknown = UnknownFields.found(in: sample, spec: spec, environment: "")
            else { continue }
            capabilities.behaviours.unknownAttributes[type.rawValue] = unknown.fields
        }
    }

    /// Whether a payment method may name its gateway by the gateway's own type: a manual
    /// gateway, then a payment method naming it `manual_gateways` (refused: the documented
    /// `payment_gateways` only). 2 requests.
    func checkGatewayLinks(into capabilities: inout Capabilities) async throws {
        log("creating a manual gateway and a payment method naming it manual_gateways…")
        let gateway = try await create("manual_gateways", ["name": .string("layerclone probe \(id)")])
        do {
            _ = try await create(
                "payment_methods",
                ["payment_source_type": "wire_transfers", "price_amount_cents": 0, "currency_code": "EUR"],
                relationships: [
                    "payment_gateway": .toOne(ResourceIdentifier(type: "manual_gateways", id: gateway.id))
                ])
            capabilities.behaviours.concreteGatewayLinks = true
        } catch CommerceLayerError.api(let error) where error.status == 422 || error.status == 400 {
            capabilities.behaviours.concreteGatewayLinks = false
        }
    }
}
