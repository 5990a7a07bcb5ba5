import Foundation
import ResourceCatalog

/// A JSON:API response document: primary data, included records, meta and links.
package struct JSONAPIDocument: Sendable {
    /// The primary data: one record (or nil) or a list.
    package enum PrimaryData: Sendable {
        case one(Resource?)
        case many([Resource])
    }

    package var data: PrimaryData
    /// Records of `include`.
    package var included: [Resource]
    /// Document meta (`record_count`, `page_count` on lists).
    package var meta: [String: JSONValue]
    /// Document links (`first`, `next`, `last`…).
    package var links: [String: String]

    /// Parses a document.
    /// - Throws: `JSONAPIDecodingError` when the bytes are not a JSON:API document with `data`.
    package init(data bytes: Data) throws {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw JSONAPIDecodingError("the body is not JSON (\(bytes.count) bytes)")
        }
        guard let object = json.objectValue, let primary = object["data"] else {
            throw JSONAPIDecodingError("the body has no `data` member")
        }
        switch primary {
        case .null: data = .one(nil)
        case .array(let items): data = .many(try items.map(Resource.init(json:)))
        default: data = .one(try Resource(json: primary))
        }
        included = try (object["included"]?.arrayValue ?? []).map(Resource.init(json:))
        meta = object["meta"]?.objectValue ?? [:]
        links = (object["links"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// The single record of a retrieve/create/update answer.
    package var resource: Resource? {
        if case .one(let resource) = data { return resource }
        return nil
    }

    /// The records of a list answer (a single record as a one-element list).
    package var resources: [Resource] {
        switch data {
        case .one(let resource): resource.map { [$0] } ?? []
        case .many(let list): list
        }
    }

    /// `meta.record_count`, the number of matching records.
    package var recordCount: Int? { meta["record_count"]?.intValue.map(Int.init) }

    /// `meta.page_count`, the number of pages.
    package var pageCount: Int? { meta["page_count"]?.intValue.map(Int.init) }

    /// The body of a create or update: `{"data":{"type","id"?,"attributes","relationships"}}`.
    static func body(
        type: ResourceType, id: String?, attributes: [String: JSONValue],
        relationships: [String: RelationshipLinkage]
    ) -> Data {
        var data: [String: JSONValue] = ["type": .string(type.rawValue), "attributes": .object(attributes)]
        if let id { data["id"] = .string(id) }
        var links: [String: JSONValue] = [:]
        for (name, linkage) in relationships {
            switch linkage {
            case .notIncluded: continue
            case .toOne(let target): links[name] = ["data": target?.json ?? .null]
            case .toMany(let targets): links[name] = ["data": .array(targets.map(\.json))]
            }
        }
        if !links.isEmpty { data["relationships"] = .object(links) }
        return Data(JSONValue.object(["data": .object(data)]).canonicalJSON.utf8)
    }
}
