import ResourceCatalog

/// The attributes of a job create or update document, read with the checks the real
/// service applies (422 on the attribute for a wrong kind of value, 400 for an attribute the
/// endpoint does not take).
struct JobAttributes {
    let values: [String: JSONValue]

    /// Attributes already read and checked.
    init(values: [String: JSONValue]) {
        self.values = values
    }

    /// Reads `data.attributes` of a document whose `data.type` must be `kind`.
    /// - Throws: 400 `INVALID_DOCUMENT` / `INVALID_TYPE` / `PARAM_NOT_ALLOWED`.
    init(document: JSONValue, kind: JobKind, allowed: Set<String>) throws(APIError) {
        guard let data = document["data"], data.objectValue != nil else {
            throw .badRequest("INVALID_DOCUMENT", "The request body needs a data object", pointer: "/data")
        }
        guard data["type"]?.stringValue == kind.rawValue else {
            throw .badRequest(
                "INVALID_TYPE", "data.type must be \(kind), got \(data["type"]?.stringValue ?? "nothing")",
                pointer: "/data/type")
        }
        values = data["attributes"]?.objectValue ?? [:]
        for name in values.keys.sorted() where !allowed.contains(name) {
            throw .badRequest(
                "PARAM_NOT_ALLOWED", "\(name) is not allowed on \(kind)", pointer: "/data/attributes/\(name)")
        }
    }

    /// A required string.
    func requiredString(_ name: String) throws(APIError) -> String {
        guard let text = try string(name), !text.isEmpty else { throw .validation(name, "can't be blank") }
        return text
    }

    /// An optional string (null when absent).
    func string(_ name: String) throws(APIError) -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .validation(name, "must be a string")
        }
    }

    /// An optional Boolean.
    func bool(_ name: String, default fallback: Bool) throws(APIError) -> Bool {
        switch values[name] {
        case nil, .null?: return fallback
        case .bool(let flag)?: return flag
        default: throw .validation(name, "must be a boolean")
        }
    }

    /// A list of strings, also accepted as one comma-separated string.
    func strings(_ name: String) throws(APIError) -> [String] {
        switch values[name] {
        case nil, .null?: return []
        case .string(let text)?: return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case .array(let items)?:
            var strings: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw .validation(name, "must be an array of strings") }
                strings.append(text)
            }
            return strings
        default: throw .validation(name, "must be an array of strings")
        }
    }

    /// An optional object.
    func object(_ name: String) throws(APIError) -> [String: JSONValue] {
        switch values[name] {
        case nil, .null?: return [:]
        case .object(let members)?: return members
        default: throw .validation(name, "must be an object")
        }
    }

    /// `reference`, `reference_origin` and `metadata` applied to `job`.
    func applyCommon(to job: inout Job) throws(APIError) {
        if values["reference"] != nil { job.reference = try string("reference") }
        if values["reference_origin"] != nil { job.referenceOrigin = try string("reference_origin") }
        if values["metadata"] != nil { job.metadata = try object("metadata") }
    }

    /// Parses export or cleanup `filters` (ransack predicates without the `filter[q]` wrapper).
    /// - Throws: 422 on `filters` naming the predicate that could not be read.
    static func filters(_ object: [String: JSONValue], spec: ResourceSpec, catalog: ResourceCatalog) throws(APIError)
        -> [FilterPredicate]
    {
        var predicates: [FilterPredicate] = []
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            do {
                predicates.append(try FilterPredicate.parse(name: name, value: value, spec: spec, catalog: catalog))
            } catch {
                throw .validation("filters", "is invalid: \(error.detail)")
            }
        }
        return predicates
    }
}
