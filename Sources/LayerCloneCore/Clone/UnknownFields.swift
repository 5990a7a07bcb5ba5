import CommerceLayerAPI
import ResourceCatalog

/// Attributes a source's records carry that layerclone's catalog does not describe (Commerce
/// Layer added them after the catalog was generated): they are not cloned. Found on the one
/// record the count request of a type's read returns (list reads carry every attribute), so
/// finding them costs no request; said as a warning and kept in the read's count unit for the
/// report. With `--strict-fields` the type stops there, before anything of it is written.
package struct UnknownFields: Sendable, Hashable {
    package let type: ResourceType
    /// The environment's name (`test`, `live`).
    package let environment: String
    /// The attribute names, sorted.
    package let fields: [String]

    package init(type: ResourceType, environment: String, fields: [String]) {
        self.type = type
        self.environment = environment
        self.fields = fields.sorted()
    }

    /// The attributes of `resource` that `spec` does not describe, or nil when it has none.
    static func found(in resource: Resource, spec: ResourceSpec, environment: String) -> UnknownFields? {
        let known = Set(spec.attributes.map(\.name))
        let unknown = resource.attributes.keys.filter { !known.contains($0) && $0 != "id" && $0 != "type" }
        return unknown.isEmpty ? nil : UnknownFields(type: spec.type, environment: environment, fields: unknown)
    }

    private var list: String { fields.map { "`\($0)`" }.joined(separator: ", ") }

    /// The warning a run shows.
    package var message: String {
        "\(environment)'s \(type) carry \(fields.count == 1 ? "an attribute" : "attributes") layerclone does not "
            + "know (\(list)); \(fields.count == 1 ? "it is" : "they are") not cloned. A newer layerclone may "
            + "know \(fields.count == 1 ? "it" : "them"); pass --strict-fields to stop such a type instead"
    }

    /// Why a type stops under `--strict-fields`.
    package var strictRefusal: String {
        "\(environment)'s \(type) carry attributes layerclone does not know (\(list)); nothing of the type was "
            + "written (--strict-fields). Run without --strict-fields to clone it without them, or with a "
            + "layerclone that knows them"
    }

    /// Adds it to the read's count unit detail.
    func record(in detail: inout CountDetail) {
        detail.unknownFields = fields
        detail.environment = environment
    }

    /// What a count unit's detail records, if anything.
    static func recorded(type: ResourceType, detail: CountDetail) -> UnknownFields? {
        guard let fields = detail.unknownFields, !fields.isEmpty else { return nil }
        return UnknownFields(type: type, environment: detail.environment ?? "", fields: fields)
    }

    /// What a run's journal records, by type and environment.
    package static func recorded(in journal: RunJournal) throws -> [UnknownFields] {
        try journal.units(kind: .count).compactMap { unit in
            try unit.detail(CountDetail.self).flatMap { recorded(type: unit.type, detail: $0) }
        }.sorted { ($0.type, $0.environment) < ($1.type, $1.environment) }
    }
}
