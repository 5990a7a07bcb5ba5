import Foundation
import ResourceCatalog

/// The query of a list request: filters, includes, sparse fields, sort and paging.
///
/// ```swift
/// Query().filter("code", .start, "TS").filter("id", .in, ["a", "b"]).sort("code").pageSize(25)
/// ```
package struct Query: Sendable, Hashable {
    /// A ransack predicate appended to the attribute name (`code` + `eq` → `code_eq`).
    package struct Predicate: RawRepresentable, Sendable, Hashable {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let eq = Predicate(rawValue: "eq")
        package static let notEq = Predicate(rawValue: "not_eq")
        package static let lt = Predicate(rawValue: "lt")
        package static let lteq = Predicate(rawValue: "lteq")
        package static let gt = Predicate(rawValue: "gt")
        package static let gteq = Predicate(rawValue: "gteq")
        package static let `in` = Predicate(rawValue: "in")
        package static let notIn = Predicate(rawValue: "not_in")
        package static let start = Predicate(rawValue: "start")
        package static let notStart = Predicate(rawValue: "not_start")
        package static let end = Predicate(rawValue: "end")
        package static let cont = Predicate(rawValue: "cont")
        package static let notCont = Predicate(rawValue: "not_cont")
        package static let matches = Predicate(rawValue: "matches")
        package static let present = Predicate(rawValue: "present")
        package static let blank = Predicate(rawValue: "blank")
        package static let null = Predicate(rawValue: "null")
        package static let notNull = Predicate(rawValue: "not_null")
        package static let `true` = Predicate(rawValue: "true")
        package static let `false` = Predicate(rawValue: "false")
        package static let jcont = Predicate(rawValue: "jcont")
    }

    /// The largest page the API serves (`CommerceLayerLimits.maxPageSize`).
    package static let maxPageSize = CommerceLayerLimits.maxPageSize

    /// `filter[q][…]` members, in the order added (`code_eq` → `TS`).
    package private(set) var filters: [(key: String, value: String)] = []
    /// `include` paths.
    package private(set) var includes: [String] = []
    /// `fields[type]` lists.
    package private(set) var fields: [ResourceType: [String]] = [:]
    /// `sort` keys (`-` prefix for descending).
    package private(set) var sortKeys: [String] = []
    /// `page[size]`, 1 to 25; nil for the API default.
    package private(set) var size: Int?
    /// `page[number]`, from 1; nil for the first.
    package private(set) var number: Int?

    package init() {}

    /// Adds `filter[q][<attribute>_<predicate>]=<value>`.
    package func filter(_ attribute: String, _ predicate: Predicate, _ value: String) -> Query {
        filter(raw: "\(attribute)_\(predicate.rawValue)", value)
    }

    /// Adds a list filter (`_in`, `_not_in`…), values comma-joined.
    package func filter(_ attribute: String, _ predicate: Predicate, _ values: [String]) -> Query {
        filter(raw: "\(attribute)_\(predicate.rawValue)", values.joined(separator: ","))
    }

    /// Adds a filter written in full (`name_or_code_cont`).
    package func filter(raw key: String, _ value: String) -> Query {
        var copy = self
        copy.filters.append((key, value))
        return copy
    }

    /// Adds ransack filters as the export API takes them (`{"code_start": "TS"}`).
    package func filters(_ members: [String: JSONValue]) -> Query {
        var copy = self
        for key in members.keys.sorted() {
            let value = members[key]!
            let text: String =
                switch value {
                case .string(let text): text
                case .array(let items): items.map { $0.stringValue ?? $0.canonicalJSON }.joined(separator: ",")
                default: value.canonicalJSON
                }
            copy.filters.append((key, text))
        }
        return copy
    }

    /// Adds `include` paths (`prices.price_tiers`).
    package func include(_ paths: String...) -> Query {
        var copy = self
        copy.includes += paths
        return copy
    }

    /// Sets `fields[type]`.
    package func fields(_ type: ResourceType, _ names: [String]) -> Query {
        var copy = self
        copy.fields[type] = names
        return copy
    }

    /// Adds sort keys (`code`, `-created_at`).
    package func sort(_ keys: String...) -> Query {
        var copy = self
        copy.sortKeys += keys
        return copy
    }

    /// Sets `page[size]`, clamped to 1…25.
    package func pageSize(_ size: Int) -> Query {
        var copy = self
        copy.size = min(Self.maxPageSize, max(1, size))
        return copy
    }

    /// Sets `page[number]` (from 1).
    package func page(_ number: Int) -> Query {
        var copy = self
        copy.number = max(1, number)
        return copy
    }

    /// The query items, in a stable order: filters, include, fields, sort, page.
    package var items: [URLQueryItem] {
        var items = filters.map { URLQueryItem(name: "filter[q][\($0.key)]", value: $0.value) }
        if !includes.isEmpty { items.append(URLQueryItem(name: "include", value: includes.joined(separator: ","))) }
        for type in fields.keys.sorted() {
            items.append(URLQueryItem(name: "fields[\(type)]", value: fields[type]!.joined(separator: ",")))
        }
        if !sortKeys.isEmpty { items.append(URLQueryItem(name: "sort", value: sortKeys.joined(separator: ","))) }
        if let number { items.append(URLQueryItem(name: "page[number]", value: String(number))) }
        if let size { items.append(URLQueryItem(name: "page[size]", value: String(size))) }
        return items
    }

    /// The percent-encoded query string (without `?`); empty for an empty query.
    package var encoded: String {
        items.map { Self.encode($0.name) + "=" + Self.encode($0.value ?? "") }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~,")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    package static func == (lhs: Query, rhs: Query) -> Bool { lhs.items == rhs.items }
    package func hash(into hasher: inout Hasher) { hasher.combine(items) }
}
