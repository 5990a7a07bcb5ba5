import ResourceCatalog

/// One JSON:API error object, as the Core API writes it (`status` is a string).
package struct APIError: Error, Sendable, Equatable {
    package var status: Int
    package var code: String
    package var title: String
    package var detail: String
    /// `source.pointer`, such as `/data/attributes/code`.
    package var pointer: String?
    package var meta: [String: JSONValue]

    package init(
        status: Int, code: String, title: String, detail: String, pointer: String? = nil,
        meta: [String: JSONValue] = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.pointer = pointer
        self.meta = meta
    }

    /// The error object.
    package var json: JSONValue {
        var object: [String: JSONValue] = [
            "title": .string(title), "detail": .string(detail), "code": .string(code),
            "status": .string(String(status)),
        ]
        if let pointer { object["source"] = ["pointer": .string(pointer)] }
        if !meta.isEmpty { object["meta"] = .object(meta) }
        return .object(object)
    }

    /// A 422 `VALIDATION_ERROR` on an attribute or relationship.
    package static func validation(
        _ field: String, relationship: Bool = false, _ message: String, meta: [String: JSONValue] = [:]
    ) -> APIError {
        APIError(
            status: 422, code: "VALIDATION_ERROR", title: message, detail: "\(field) - \(message)",
            pointer: "/data/\(relationship ? "relationships" : "attributes")/\(field)",
            meta: meta.merging(["error": .string(message)]) { first, _ in first })
    }

    /// 404 `RECORD_NOT_FOUND`.
    package static func notFound(_ what: String) -> APIError {
        APIError(
            status: 404, code: "RECORD_NOT_FOUND", title: "Record not found",
            detail: "The requested resource was not found: \(what)")
    }

    /// 400 with a jsonapi-resources style code (`INVALID_PAGE_VALUE`, `FILTER_NOT_ALLOWED`…).
    package static func badRequest(_ code: String, _ detail: String, pointer: String? = nil) -> APIError {
        APIError(status: 400, code: code, title: "Bad request", detail: detail, pointer: pointer)
    }
}

/// Several error objects answered together (validation reports every failing field).
package struct APIErrorList: Error, Sendable, Equatable {
    package var errors: [APIError]

    package init(_ errors: [APIError]) { self.errors = errors }

    /// The HTTP status of the answer: that of the first error.
    package var status: Int { errors.first?.status ?? 500 }

    /// `{"errors":[…]}`.
    package var json: JSONValue { ["errors": .array(errors.map(\.json))] }
}
