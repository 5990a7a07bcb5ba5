import ResourceCatalog

/// The query of a list request: page, sort, filters, include and sparse fields, checked
/// against the spec with the real service's limits (page size 1…25, default 10).
struct ListRequest: Sendable {
    static let defaultPageSize = CommerceLayerLimits.defaultPageSize
    static let maximumPageSize = CommerceLayerLimits.maxPageSize

    var pageSize = defaultPageSize
    var pageNumber = 1
    /// The records before the page: `(pageNumber - 1) × pageSize`, checked.
    private(set) var offset = 0
    var sort: [SortKey] = []
    var filters: [FilterPredicate] = []

    /// - Throws: 400 `INVALID_PAGE_VALUE`, `INVALID_SORT_CRITERIA`, `FILTER_NOT_ALLOWED`,
    ///   `INVALID_FILTER_VALUE`.
    init(_ parameters: QueryParameters, spec: ResourceSpec, catalog: ResourceCatalog) throws(APIError) {
        for (name, value) in parameters.bracketed("page") {
            guard let number = Int(value) else {
                throw .badRequest("INVALID_PAGE_VALUE", "page[\(name)] must be a number, got \(value)")
            }
            switch name {
            case "size":
                guard (1...Self.maximumPageSize).contains(number) else {
                    throw .badRequest(
                        "INVALID_PAGE_VALUE",
                        "\(number) is not a valid value for size page parameter (maximum \(Self.maximumPageSize))")
                }
                pageSize = number
            case "number":
                guard number >= 1 else {
                    throw .badRequest("INVALID_PAGE_VALUE", "\(number) is not a valid value for number page parameter")
                }
                pageNumber = number
            default: throw .badRequest("INVALID_PAGE_OBJECT", "page[\(name)] is not a valid page parameter")
            }
        }
        offset = try Self.offset(number: pageNumber, size: pageSize)
        if let text = parameters["sort"] { sort = try SortKey.parse(text, spec: spec) }
        for (name, value) in parameters.bracketed("filter") {
            guard name.hasPrefix("q]["), name.count > 3 else {
                throw .badRequest("FILTER_NOT_ALLOWED", "filter[\(name)] is not allowed; use filter[q][<predicate>]")
            }
            let predicate = String(name.dropFirst(3))
            filters.append(
                try FilterPredicate.parse(name: predicate, value: .string(value), spec: spec, catalog: catalog))
        }
    }

    /// The offset of a page, refusing a page number whose offset does not fit in 64 bits
    /// (`page[number]=9223372036854775807`) as the invalid page value it is.
    /// - Throws: 400 `INVALID_PAGE_VALUE`.
    static func offset(number: Int, size: Int) throws(APIError) -> Int {
        let (offset, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        guard !overflow, offset <= Int(Int64.max) - size else {
            throw .badRequest("INVALID_PAGE_VALUE", "\(number) is not a valid value for number page parameter")
        }
        return offset
    }

    /// Parses `fields[type]=a,b` for every type.
    /// - Throws: 400 `INVALID_FIELD` for a name the type does not have.
    static func fields(_ parameters: QueryParameters, catalog: ResourceCatalog) throws(APIError)
        -> [ResourceType: Set<String>]
    {
        var result: [ResourceType: Set<String>] = [:]
        for (typeName, list) in parameters.bracketed("fields") {
            guard let spec = catalog[ResourceType(typeName)] else {
                throw .badRequest("INVALID_RESOURCE", "\(typeName) is not a valid resource")
            }
            let names = Set(list.split(separator: ",").map(String.init))
            for name in names where spec.attribute(name) == nil && spec.relationship(name) == nil {
                throw .badRequest("INVALID_FIELD", "\(name) is not a valid field for \(typeName)")
            }
            result[spec.type] = names
            for subtype in spec.subtypes { result[subtype] = names }
        }
        return result
    }
}
