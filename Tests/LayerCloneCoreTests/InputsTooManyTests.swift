import CommerceLayerAPI
import ResourceCatalog
import Testing

@testable import LayerCloneCore

/// The over-cap refusal of an import create is recognised in Commerce Layer's wording.
@Suite("Import cap refusal")
struct InputsTooManyTests {
    static func refusal(status: Int = 422, pointer: String?, meta: [String: JSONValue]) -> APIError {
        APIError(
            status: status, request: "POST /api/imports",
            errors: [
                APIErrorObject(
                    title: "must be less than or equal to 2000", code: "VALIDATION_ERROR", status: "\(status)",
                    pointer: pointer, meta: meta)
            ])
    }

    @Test("less_than_or_equal_to with meta.count, on inputs_size or inputs, gives the maximum")
    func commerceLayerShape() {
        let meta: [String: JSONValue] = ["error": "less_than_or_equal_to", "value": 2_500, "count": 2_000]
        #expect(InputsTooMany(Self.refusal(pointer: "/data/attributes/inputs_size", meta: meta))?.maximum == 2_000)
        #expect(InputsTooMany(Self.refusal(pointer: "/data/attributes/inputs", meta: meta))?.maximum == 2_000)
        #expect(InputsTooMany(Self.refusal(pointer: nil, meta: meta))?.maximum == 2_000)
        let tooLong: [String: JSONValue] = ["error": "too_long", "count": 10_000]
        #expect(InputsTooMany(Self.refusal(pointer: "/data/attributes/inputs", meta: tooLong))?.maximum == 10_000)
    }

    @Test("other refusals are not taken for the cap")
    func otherRefusals() {
        let meta: [String: JSONValue] = ["error": "less_than_or_equal_to", "count": 2_000]
        #expect(InputsTooMany(Self.refusal(pointer: "/data/attributes/resource_type", meta: meta)) == nil)
        #expect(InputsTooMany(Self.refusal(status: 429, pointer: "/data/attributes/inputs", meta: meta)) == nil)
        #expect(InputsTooMany(Self.refusal(pointer: "/data/attributes/inputs", meta: ["error": "blank"])) == nil)
        let noCount: [String: JSONValue] = ["error": "less_than_or_equal_to"]
        #expect(InputsTooMany(Self.refusal(pointer: "/data/attributes/inputs", meta: noCount)) == nil)
    }
}
