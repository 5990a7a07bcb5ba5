import Foundation
import ResourceCatalog

/// A dataset to load into one sandbox environment.
///
/// File format (JSON):
/// ```json
/// {
///   "format": "layerclone-sandbox-seed/1",
///   "resources": [
///     {"type": "shipping_categories", "records": [
///       {"key": "sc-std", "attributes": {"name": "Standard", "code": "SC-STD"}}
///     ]},
///     {"type": "skus", "records": [
///       {"key": "sku-1", "attributes": {"code": "SKU-1", "name": "Shirt"},
///        "relationships": {"shipping_category": "sc-std", "tags": ["tag-sale"]}}
///     ]}
///   ]
/// }
/// ```
/// Groups load in file order. `key` is a local name, unique in the file; relationships name
/// other records by key (a string for to-one, an array for to-many). A to-one relationship
/// to a key that is not loaded yet is set in a second pass (for cycles such as a market's
/// default shipping method); it must then be optional. Code-style attributes (`sku_code`)
/// work as in the API. Every record goes through the same validation as `POST /api/{type}`.
package struct SeedDataset: Sendable, Equatable {
    /// The format tag written in `format`.
    package static let formatTag = "layerclone-sandbox-seed/1"

    /// One record to load.
    package struct Record: Sendable, Equatable {
        package var key: String
        package var attributes: [String: JSONValue]
        /// Relationship name → keys (one for to-one).
        package var relationships: [String: [String]]

        package init(key: String, attributes: [String: JSONValue], relationships: [String: [String]] = [:]) {
            self.key = key
            self.attributes = attributes
            self.relationships = relationships
        }
    }

    /// The records of one type, in load order.
    package struct Group: Sendable, Equatable {
        package var type: ResourceType
        package var records: [Record]

        package init(type: ResourceType, records: [Record]) {
            self.type = type
            self.records = records
        }
    }

    package var groups: [Group]

    package init(groups: [Group]) { self.groups = groups }

    /// The number of records in the dataset.
    package var recordCount: Int { groups.reduce(0) { $0 + $1.records.count } }

    /// Reads a dataset file.
    /// - Throws: `SeedError.invalidFile` naming the file and what is wrong.
    package static func load(path: String) throws -> SeedDataset {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SeedError.invalidFile(path: path, reason: "cannot read it (\(error.localizedDescription))")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch {
            throw SeedError.invalidFile(path: path, reason: "not valid JSON")
        }
        return try parse(json, source: path)
    }

    /// Reads a dataset from its JSON.
    package static func parse(_ json: JSONValue, source: String = "seed") throws -> SeedDataset {
        guard json["format"]?.stringValue == formatTag else {
            throw SeedError.invalidFile(path: source, reason: "\"format\" must be \"\(formatTag)\"")
        }
        var groups: [Group] = []
        for (index, group) in (json["resources"]?.arrayValue ?? []).enumerated() {
            guard let type = group["type"]?.stringValue else {
                throw SeedError.invalidFile(path: source, reason: "resources[\(index)] has no \"type\"")
            }
            var records: [Record] = []
            for (position, record) in (group["records"]?.arrayValue ?? []).enumerated() {
                guard let key = record["key"]?.stringValue else {
                    throw SeedError.invalidFile(path: source, reason: "\(type) record \(position) has no \"key\"")
                }
                var relationships: [String: [String]] = [:]
                for (name, value) in record["relationships"]?.objectValue ?? [:] {
                    relationships[name] = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] }
                }
                records.append(
                    Record(key: key, attributes: record["attributes"]?.objectValue ?? [:], relationships: relationships)
                )
            }
            groups.append(Group(type: ResourceType(type), records: records))
        }
        return SeedDataset(groups: groups)
    }

    /// The dataset as JSON in the file format.
    package var json: JSONValue {
        [
            "format": .string(Self.formatTag),
            "resources": .array(
                groups.map { group in
                    [
                        "type": .string(group.type.rawValue),
                        "records": .array(
                            group.records.map { record in
                                [
                                    "key": .string(record.key), "attributes": .object(record.attributes),
                                    "relationships": .object(
                                        record.relationships.mapValues { .array($0.map(JSONValue.string)) }),
                                ]
                            }),
                    ]
                }),
        ]
    }
}

/// Why a dataset could not be loaded.
package enum SeedError: Error, Sendable, CustomStringConvertible {
    case invalidFile(path: String, reason: String)
    case unknownType(ResourceType)
    case unknownKey(record: String, relationship: String, key: String)
    case rejected(type: ResourceType, key: String, errors: APIErrorList)

    package var description: String {
        switch self {
        case .invalidFile(let path, let reason): "seed file \(path): \(reason)"
        case .unknownType(let type): "seed: \(type) is not a concrete resource type of the catalog"
        case .unknownKey(let record, let relationship, let key):
            "seed: record \(record) names \(key) in \(relationship), but no record has that key"
        case .rejected(let type, let key, let errors):
            "seed: \(type) record \(key) was rejected: "
                + errors.errors.map { "\($0.pointer ?? "") \($0.detail)" }.joined(separator: "; ")
        }
    }
}
