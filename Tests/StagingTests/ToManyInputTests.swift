import Foundation
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: to-many relationships carried by import inputs")
struct ToManyInputTests {
    static let tags: [JSONValue] = [["name": "sale"], ["name": "new"], ["name": "gone"]]
    /// Tags by embedded object: two known, none, no array at all, one unknown to the target.
    static let skus: [JSONValue] = [
        ["code": "A", "name": "Two tags", "tags": [["name": "sale", "id": "srcT1"], ["name": "new"]]],
        ["code": "B", "name": "No tags", "tags": []],
        ["code": "C", "name": "Not exported"],
        ["code": "D", "name": "Unmapped tag", "tags": [["name": "gone"]]],
    ]
    static let carried = [ToManyInput(relation: "tags", targetType: "tags")]

    /// The inputs by sku code, read with `toMany`.
    func inputs(toMany: [ToManyInput]) throws -> [String: JSONValue] {
        let store = try StagingStore.inMemory()
        try store.loader.load(records: Self.tags, type: "tags", name: "tags-page-1")
        try store.loader.load(records: Self.skus, type: "skus", name: "skus-page-1")
        let identities = try store.identities.stagedIdentities(type: "tags").filter { !$0.contains("gone") }
        try store.identities.recordTargetIDs(identities.map { ($0, "tgt-\($0)") }, type: "tags")
        // B is in the target already: its input updates it.
        let skuB = try #require(try store.identities.stagedIdentities(type: "skus").first { $0.contains("B") })
        try store.identities.recordTargetIDs([(skuB, "tgt-sku-B")], type: "skus")
        var byCode: [String: JSONValue] = [:]
        for chunk in try store.chunks.planChunks(type: "skus", size: 100) {
            let payload = try store.chunks.readChunk(chunk, toMany: toMany)
            for input in try #require(JSONValue.parse(payload.inputsJSON).arrayValue) {
                byCode[try #require(input["code"]?.stringValue)] = input
            }
        }
        #expect(byCode.count == 4)
        return byCode
    }

    @Test("each input names its tags in _add_tags; no array in the body, or no tag the target holds, no member")
    func carriedAsAddTags() throws {
        let inputs = try inputs(toMany: Self.carried)
        let names = try #require(inputs["A"]?["_add_tags"]?.stringValue).split(separator: ",").map(String.init)
        #expect(Set(names) == ["sale", "new"] && names.count == 2)
        #expect(inputs.values.allSatisfy { $0["tags"] == nil })
        // `_add_tags` only adds: an update with an empty set sends nothing (the post-write read
        // finds tags the target has beyond the source's and PATCHes them away).
        #expect(inputs["B"]?["id"] == "tgt-sku-B" && inputs["B"]?["_add_tags"] == nil)
        #expect(inputs["C"]?["_add_tags"] == nil)
        // The unmapped tag is left out (the post-write read finds the set differing).
        #expect(inputs["D"]?["_add_tags"] == nil)
    }

    @Test("without carried relationships the embedded tags are left out")
    func notCarried() throws {
        let inputs = try inputs(toMany: [])
        #expect(inputs.values.allSatisfy { $0["tags"] == nil && $0["_add_tags"] == nil })
        #expect(inputs["A"]?["name"] == "Two tags")
    }
}
