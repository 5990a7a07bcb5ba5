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

    /// The largest request body read (32 MiB).
    static let maxBodyBytes = 32 << 20

    /// Reads the request body as JSON (up to `maxBodyBytes`).
    /// - Throws: 413 `PAYLOAD_TOO_LARGE` past the limit (by `Content-Length` before reading,
    ///   or while reading), 400 `INVALID_DOCUMENT` when the body is not JSON.
    static func body(of request: Request) async throws -> JSONValue {
        var request = request
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            throw tooLarge
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        do {
            return try JSONValue.parse(String(buffer: buffer))
        } catch {
            throw APIError.badRequest("INVALID_DOCUMENT", "The request body is not valid JSON")
        }
    }

    /// A body over `maxBodyBytes`: a client must not send it again as it is.
    private static var tooLarge: APIError {
        APIError(
            status: 413, code: "PAYLOAD_TOO_LARGE", title: "Payload too large",
            detail: "The request body is larger than \(maxBodyBytes) bytes")
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
