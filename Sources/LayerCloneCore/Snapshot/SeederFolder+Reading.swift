import Foundation
import ResourceCatalog

extension SeederFolder {
    /// What a seeder folder asks to seed.
    package struct Contents: Sendable {
        /// Each type in seeding order with its records: staged under the record's concrete
        /// type (its `type` field, when it names one), without the seeder's `key` and `type`.
        package var types: [(type: ResourceType, records: [[String: JSONValue]])] = []
        /// A hash of the files read (the snapshot's id).
        package var hash = StableHash()
        /// What the folder holds that is not seeded, and why (one line each, for the user).
        package var notSeeded: [String] = []
    }

    /// Reads the folder: a business model (a JSON list of `{"resourceType": …}` entries, each
    /// with `"importAll": true` or `"referenceKeys": [references]`) beside a `data/` folder of
    /// `<type>.json` files, as Commerce Layer's seeder reads it; or, without `data/`, the
    /// data files and an optional model side by side.
    ///
    /// With a model, only what it lists is seeded, in its order; data files it does not list
    /// are reported in `notSeeded`. Without one, every data file of a type in the catalog is.
    package func read() throws -> Contents {
        var contents = Contents()
        let dataFolder = url.appendingPathComponent("data", isDirectory: true)
        var isFolder: ObjCBool = false
        let layered =
            FileManager.default.fileExists(atPath: dataFolder.path, isDirectory: &isFolder) && isFolder.boolValue
        var models: [(name: String, entries: [JSONValue])] = []
        var data: [String: (name: String, records: [JSONValue])] = [:]
        for name in try jsonFiles(in: url) {
            let array = try parse(url.appendingPathComponent(name), name: name, hash: &contents.hash)
            let type = String(name.dropLast(5))
            if !layered && catalog.contains(ResourceType(type)) {
                data[type] = (name, array)
            } else if !array.isEmpty && array.allSatisfy({ $0["resourceType"] != nil }) {
                models.append((name, array))
            } else if !layered {
                data[type] = (name, array)
            }
        }
        if layered {
            for name in try jsonFiles(in: dataFolder) {
                let path = "data/" + name
                data[String(name.dropLast(5))] = (
                    path, try parse(dataFolder.appendingPathComponent(name), name: path, hash: &contents.hash)
                )
            }
        }
        guard models.count <= 1 else { throw ReadError.severalModels(folder: url.path, names: models.map(\.name)) }
        let selection: [(type: String, records: [JSONValue])]
        if let model = models.first {
            selection = try select(model: model, data: data)
            for (type, file) in data.sorted(by: { $0.key < $1.key })
            where !model.entries.contains(where: {
                $0["resourceType"]?.stringValue == type
            }) {
                contents.notSeeded.append(
                    "\(file.name): not listed in \(model.name), not seeded (as Commerce Layer's seeder)")
            }
        } else {
            selection = data.keys.sorted().map { ($0, data[$0]!.records) }
        }
        var byType: [ResourceType: [[String: JSONValue]]] = [:]
        var order: [ResourceType] = []
        for (type, records) in selection {
            let file = data[type]?.name ?? type + ".json"
            guard catalog.contains(ResourceType(type)) else {
                contents.notSeeded.append(
                    "\(file): layerclone does not clone \(type); its \(records.count) records are not seeded")
                continue
            }
            for record in records {
                let (concrete, fields) = try concreteRecord(record, type: ResourceType(type), file: file)
                if byType[concrete] == nil { order.append(concrete) }
                byType[concrete, default: []].append(fields)
            }
        }
        guard !order.isEmpty else { throw ReadError.noTypes(folder: url.path) }
        contents.types = order.map { ($0, byType[$0] ?? []) }
        return contents
    }

    /// The records the model selects, type by type in its order (a type listed twice gets the
    /// references of both entries, each once).
    private func select(
        model: (name: String, entries: [JSONValue]), data: [String: (name: String, records: [JSONValue])]
    ) throws -> [(type: String, records: [JSONValue])] {
        var order: [String] = []
        var chosen: [String: [JSONValue]] = [:]
        var seen: [String: Set<String>] = [:]
        for (offset, entry) in model.entries.enumerated() {
            guard let type = entry["resourceType"]?.stringValue else {
                throw ReadError.badModelEntry(file: model.name, item: offset + 1, reason: "has no resourceType")
            }
            guard let file = data[type] else {
                throw ReadError.missingDataFile(model: model.name, type: type, expected: "data/\(type).json")
            }
            if chosen[type] == nil { order.append(type) }
            let references: [String]
            if entry["importAll"]?.boolValue == true {
                references = file.records.compactMap { $0["reference"]?.stringValue }
                let unnamed = file.records.filter { $0["reference"]?.stringValue == nil }
                chosen[type, default: []].append(contentsOf: unnamed)
            } else if let keys = entry["referenceKeys"]?.arrayValue {
                references = try keys.map { key in
                    guard let reference = key.stringValue else {
                        throw ReadError.badModelEntry(
                            file: model.name, item: offset + 1, reason: "has referenceKeys that are not all strings")
                    }
                    return reference
                }
            } else {
                throw ReadError.badModelEntry(
                    file: model.name, item: offset + 1,
                    reason: "(\(type)) needs importAll: true or a referenceKeys array")
            }
            for reference in references where seen[type, default: []].insert(reference).inserted {
                guard let record = file.records.first(where: { $0["reference"]?.stringValue == reference }) else {
                    throw ReadError.missingReference(model: model.name, reference: reference, file: file.name)
                }
                chosen[type, default: []].append(record)
            }
        }
        return order.map { ($0, chosen[$0] ?? []) }
    }

    /// The record's concrete type (its `type` field: the file's type or one of its subtypes)
    /// and its fields without the seeder's `key` and `type`.
    private func concreteRecord(_ record: JSONValue, type: ResourceType, file: String) throws
        -> (ResourceType, [String: JSONValue])
    {
        var fields = record.objectValue ?? [:]
        let reference = fields["reference"]?.stringValue ?? "without reference"
        let spec = catalog.spec(type)
        let allowed = spec.isAbstract ? spec.subtypes : [type]
        let concrete: ResourceType
        if let named = fields["type"]?.stringValue {
            guard allowed.contains(ResourceType(named)) else {
                throw ReadError.unknownSubtype(file: file, reference: reference, type: named, allowed: allowed)
            }
            concrete = ResourceType(named)
        } else if spec.isAbstract {
            throw ReadError.needsSubtype(file: file, reference: reference, subtypes: spec.subtypes)
        } else {
            concrete = type
        }
        fields["type"] = nil
        fields["key"] = nil
        return (concrete, fields)
    }

    private func jsonFiles(in folder: URL) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw ReadError.unreadable(file: folder.path, reason: "\(error)")
        }
    }

    private func parse(_ file: URL, name: String, hash: inout StableHash) throws -> [JSONValue] {
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
        return array
    }
}
