import Foundation
import ResourceCatalog
import Staging

/// A folder in the format of Commerce Layer's own seeder, turned into a snapshot that `seed`
/// replays.
///
/// The format: one JSON array per resource type, named after it (`skus.json`,
/// `markets.json`…); each record identified by its `reference`; a relationship written as its
/// singular name whose value is the related record's `reference`
/// (`"price_list": "price_list_1"`); code-style attributes such as `sku_code` as they are; and
/// optionally a JSON list of `{"resourceType": …, "importAll": true}` giving the order (any
/// other file name holding such a list). Records are matched in the target by `reference`.
package struct SeederFolder: Sendable {
    package let url: URL
    package let catalog: ResourceCatalog

    package init(url: URL, catalog: ResourceCatalog = .commerceLayer) {
        self.url = url
        self.catalog = catalog
    }

    /// Failures to read a seeder folder.
    package enum ReadError: Error, Sendable, CustomStringConvertible, ClassifiedError {
        case unreadable(file: String, reason: String)
        case notAnArray(file: String)
        case noTypes(folder: String)

        package var description: String {
            switch self {
            case .unreadable(let file, let reason): "\(file): \(reason)"
            case .notAnArray(let file): "\(file): expected a JSON array of records"
            case .noTypes(let folder):
                "\(folder) holds no resource files (skus.json, markets.json…); see `layerclone catalog` for the names"
            }
        }

        package var exitClass: ErrorClass { .badInput }
    }

    /// Reads the folder and writes it as a snapshot at `output`; returns the snapshot.
    ///
    /// Each relationship given by reference is replaced by the related record itself (as an
    /// export with `includes` would embed it), so identities and references are computed as
    /// for any export. The snapshot's id is a hash of the folder's files: seeding the same
    /// folder into the same target again resumes or finds nothing to write.
    package func makeSnapshot(output: String) throws -> SnapshotFile {
        var records: [ResourceType: [[String: JSONValue]]] = [:]
        var hash = StableHash()
        var order: [ResourceType] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".json") }
            .sorted()
        for name in names {
            let file = url.appendingPathComponent(name)
            let value: JSONValue
            do {
                let data = try Data(contentsOf: file)
                hash.combine(name)
                hash.combine(String(decoding: data, as: UTF8.self))
                value = try JSONValue.parse(data)
            } catch {
                throw ReadError.unreadable(file: file.path, reason: "\(error)")
            }
            guard let array = value.arrayValue else { throw ReadError.notAnArray(file: file.path) }
            let type = ResourceType(String(name.dropLast(5)))
            if catalog.contains(type) {
                records[type] = array.compactMap(\.objectValue)
            } else if array.allSatisfy({ $0["resourceType"]?.stringValue != nil }) {
                order = array.compactMap { $0["resourceType"]?.stringValue }.map { ResourceType($0) }
            }
        }
        guard !records.isEmpty else { throw ReadError.noTypes(folder: url.path) }
        let types = order.filter { records[$0] != nil } + records.keys.sorted().filter { !order.contains($0) }
        let index = records.mapValues { list in
            Dictionary(list.compactMap { record in record["reference"]?.stringValue.map { ($0, record) } }) {
                first, _ in first
            }
        }
        let planText =
            "# Made from the seeder folder \(url.lastPathComponent)\ninclude_parents: false\nresources:\n"
            + types.map { "  \($0.rawValue):\n" }.joined()
        try? FileManager.default.removeItem(atPath: output)
        let store = try StagingStore.open(at: output, catalog: catalog)
        for type in types {
            let embedded = (records[type] ?? []).map { record in
                JSONValue.object(embedParents(of: record, type: type, index: index, depth: 0))
            }
            try store.load(records: embedded, type: type, name: "seeder:\(type)")
        }
        let id = "seeder-" + hash.hex
        try store.writeSnapshotInfo([
            "format_version": .int(Int64(StagingStore.snapshotFormatVersion)), "id": .string(id),
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
            if let reference = record[relationship.name]?.stringValue {
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
