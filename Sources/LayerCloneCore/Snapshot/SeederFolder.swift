import Foundation
import ResourceCatalog
import Staging

/// A folder in the format of Commerce Layer's own seeder, turned into a snapshot that `seed`
/// replays.
///
/// The format: one JSON array per resource type, named after it (`skus.json`,
/// `markets.json`…), in a `data/` folder beside the business model or side by side with it;
/// each record identified by its `reference`, and of the concrete type its `type` names when
/// the file's type is abstract (`payment_gateways.json` holds `manual_gateways`); a
/// relationship written as its singular name whose value is the related record's `reference`
/// (`"price_list": "price_list_1"`, or `"price_lists/price_list_1"`); code-style attributes
/// such as `sku_code` as they are; and the business model, a JSON list of
/// `{"resourceType": …, "importAll": true}` or `{"resourceType": …, "referenceKeys": […]}`
/// giving the order and the records (any other file name holding such a list). Records are
/// matched in the target by `reference`.
package struct SeederFolder: Sendable {
    package let url: URL
    package let catalog: ResourceCatalog

    package init(url: URL, catalog: ResourceCatalog = .commerceLayer) {
        self.url = url
        self.catalog = catalog
    }

    /// Reads the folder (see `read()`) and writes it as a snapshot at `output`.
    package func makeSnapshot(output: String) throws -> SnapshotFile {
        try makeSnapshot(read(), output: output)
    }

    /// Writes what `read()` found as a snapshot at `output`; returns the snapshot.
    ///
    /// Each relationship given by reference is replaced by the related record itself (as an
    /// export with `includes` would embed it), so identities and references are computed as
    /// for any export. The snapshot's id is a hash of the folder's files: seeding the same
    /// folder into the same target again resumes or finds nothing to write. What is not seeded
    /// is listed in the plan's comments.
    package func makeSnapshot(_ contents: Contents, output: String) throws -> SnapshotFile {
        let types = contents.types.map(\.type)
        var index: [ResourceType: [String: [String: JSONValue]]] = [:]
        for (type, list) in contents.types {
            for record in list {
                guard let reference = record["reference"]?.stringValue, index[type]?[reference] == nil else { continue }
                index[type, default: [:]][reference] = record
            }
        }
        let planText =
            "# Made from the seeder folder \(url.lastPathComponent)\n"
            + contents.notSeeded.map { "# \($0)\n" }.joined() + "include_parents: false\nresources:\n"
            + types.map { "  \($0.rawValue):\n" }.joined()
        try? FileManager.default.removeItem(atPath: output)
        let store = try StagingStore.open(at: output, catalog: catalog)
        for (type, list) in contents.types {
            let embedded = list.map { record in
                JSONValue.object(embedParents(of: record, type: type, index: index, depth: 0))
            }
            try store.loader.load(records: embedded, type: type, name: "seeder:\(type)")
        }
        let id = "seeder-" + contents.hash.hex
        try store.runFile.writeSnapshotInfo([
            "format_version": .int(Int64(RunFileStorage.snapshotFormatVersion)), "id": .string(id),
            "plan": .string(planText), "plan_file": .string(url.lastPathComponent),
            "created_at": .string(ISO8601DateFormatter().string(from: Date())),
        ])
        return SnapshotFile(path: output, id: id, planText: planText, planFile: url.lastPathComponent)
    }

    /// The record with each parent given by reference (or by a code-style attribute) replaced
    /// by the parent record, whose own parents are embedded in turn (identities of composite
    /// keys need them).
    private func embedParents(
        of record: [String: JSONValue], type: ResourceType, index: [ResourceType: [String: [String: JSONValue]]],
        depth: Int
    ) -> [String: JSONValue] {
        guard let spec = catalog[type], depth < IdentitySQL.maximumDepth else { return record }
        var result = record
        for relationship in spec.relationships where !relationship.isToMany {
            if let value = record[relationship.name]?.stringValue {
                // The seeder takes `type/reference` (`payment_gateways/gateway_1`) too.
                let reference = value.firstIndex(of: "/").map { String(value[value.index(after: $0)...]) } ?? value
                let parent = relationship.targets.lazy.compactMap { target in
                    index[target]?[reference].map { (target, $0) }
                }.first
                result[relationship.name] =
                    parent.map { .object(embedParents(of: $0.1, type: $0.0, index: index, depth: depth + 1)) }
                    ?? ["reference": .string(reference)]
            } else if let code = spec.codeReference(for: relationship.name), let value = record[code.attribute],
                record[relationship.name] == nil,
                let parent = index[relationship.target]?.values.first(where: { $0[code.targetAttribute] == value })
            {
                result[relationship.name] = .object(
                    embedParents(of: parent, type: relationship.target, index: index, depth: depth + 1))
            }
        }
        return result
    }
}
