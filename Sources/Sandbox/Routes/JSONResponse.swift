import Hummingbird
import NIOCore
import ResourceCatalog

/// Building and reading JSON:API bodies.
enum JSONResponse {
    static let mediaType = "application/vnd.api+json"

    /// A response with a JSON body of the JSON:API media type.
    static func make(_ status: Int, _ body: JSONValue?, contentType: String = mediaType) -> Response {
        var headers = HTTPFields()
        guard let body else { return Response(status: .init(code: status), headers: headers) }
        headers[.contentType] = contentType
        let buffer = ByteBuffer(string: body.canonicalJSON)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: buffer))
    }

    /// The error document for `errors`.
    static func errors(_ errors: APIErrorList) -> Response {
        make(errors.status, errors.json)
    }

    /// The error document for one error.
    static func error(_ error: APIError) -> Response {
        errors(APIErrorList([error]))
    }

    /// Reads the request body as JSON (up to 32 MiB).
    /// - Throws: 400 `INVALID_DOCUMENT` when the body is not JSON.
    static func body(of request: Request) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: 32 << 20)
        do {
            return try JSONValue.parse(String(buffer: buffer))
        } catch {
            throw APIError.badRequest("INVALID_DOCUMENT", "The request body is not valid JSON")
        }
    }

    /// The response for any error a handler threw.
    static func response(for error: any Error) -> Response {
        switch error {
        case let list as APIErrorList: return errors(list)
        case let single as APIError: return self.error(single)
        case let http as HTTPError:
            return self.error(
                APIError(
                    status: Int(http.status.code), code: http.status == .notFound ? "RECORD_NOT_FOUND" : "ERROR",
                    title: http.status.reasonPhrase, detail: http.body ?? http.status.reasonPhrase))
        default:
            return self.error(
                APIError(
                    status: 500, code: "INTERNAL_SERVER_ERROR", title: "Internal server error",
                    detail: "The sandbox failed: \(error)"))
        }
    }
}
