import ResourceCatalog

/// A job list request: `filter[q][…]` on `reference`, `status` and `resource_type`
/// (`eq`, `not_eq`, `in`, `start`, `cont`), `sort` by `created_at`, and pages (1…25, default 10).
struct JobListQuery {
    private struct Predicate {
        var field: String
        var op: String
        var values: [String]

        func matches(_ job: Job) -> Bool {
            let value: String? =
                switch field {
                case "reference": job.reference
                case "status": job.status.rawValue
                default: job.resourceType.rawValue
                }
            switch op {
            case "eq": return value == values.first
            case "not_eq": return value != values.first
            case "in": return value.map(values.contains) ?? false
            case "start": return value?.hasPrefix(values.first ?? "") ?? false
            default: return value?.contains(values.first ?? "") ?? false
            }
        }
    }

    private var predicates: [Predicate] = []
    var pageSize = CommerceLayerLimits.defaultPageSize
    var pageNumber = 1
    /// The jobs before the page, checked (see `ListRequest.offset(number:size:)`).
    private(set) var offset = 0
    var newestFirst = false

    /// - Throws: 400 `FILTER_NOT_ALLOWED`, `INVALID_PAGE_VALUE`, `INVALID_SORT_CRITERIA`.
    init(_ parameters: QueryParameters) throws(APIError) {
        for (name, value) in parameters.bracketed("filter") {
            guard name.hasPrefix("q][") else {
                throw .badRequest("FILTER_NOT_ALLOWED", "filter[\(name)] is not allowed; use filter[q][<predicate>]")
            }
            let predicate = String(name.dropFirst(3))
            guard let field = ["reference", "status", "resource_type"].first(where: { predicate.hasPrefix($0 + "_") })
            else {
                throw .badRequest("FILTER_NOT_ALLOWED", "\(predicate) is not allowed on jobs")
            }
            let op = String(predicate.dropFirst(field.count + 1))
            guard ["eq", "not_eq", "in", "start", "cont"].contains(op) else {
                throw .badRequest("FILTER_NOT_ALLOWED", "\(predicate) is not a supported filter predicate")
            }
            let values = op == "in" ? value.split(separator: ",").map(String.init) : [value]
            predicates.append(Predicate(field: field, op: op, values: values))
        }
        for (name, value) in parameters.bracketed("page") {
            guard let number = Int(value), number >= 1, name != "size" || number <= 25 else {
                throw .badRequest("INVALID_PAGE_VALUE", "\(value) is not a valid value for \(name) page parameter")
            }
            if name == "size" { pageSize = number } else { pageNumber = number }
        }
        offset = try ListRequest.offset(number: pageNumber, size: pageSize)
        if let sort = parameters["sort"] {
            guard sort == "created_at" || sort == "-created_at" else {
                throw .badRequest("INVALID_SORT_CRITERIA", "\(sort) is not a valid sort criteria for jobs")
            }
            newestFirst = sort.hasPrefix("-")
        }
    }

    /// The page of matching jobs and the number of matches.
    func page(of jobs: [Job]) -> (jobs: [Job], total: Int) {
        var matching = jobs.filter { job in predicates.allSatisfy { $0.matches(job) } }
        if newestFirst { matching.reverse() }
        guard offset < matching.count else { return ([], matching.count) }
        return (Array(matching[offset..<min(matching.count, offset + pageSize)]), matching.count)
    }
}
