import ResourceCatalog
import Testing

@testable import LayerCloneCore

/// Journal unit ids are typed keys written as the text journals have always held: printing
/// and parsing agree on every kind, and an id layerclone never writes is refused, saying why.
@Suite("Work unit keys")
struct WorkUnitKeyTests {
    static let labels: [ReadLabel] = [
        .export, .lookupSource, .lookupTarget, .source, .target, .pre, .post, .lookup, .final, .rescan(tag: "3f9a0c1e"),
        .undo(tag: "5d2e8a17"),
    ]

    /// At least one key of every case, every read label and both read parts.
    static let keys: [WorkUnitKey] =
        labels.flatMap { label in
            [
                WorkUnitKey.count(label, "price_volume_tiers"), .read(label, "skus", .range(0)),
                .read(label, "skus", .range(12)), .read(label, "skus", .pages),
            ]
        } + [
            .stage("skus"), .diff("price_lists"), .importChunk("prices", chunk: 0), .importChunk("prices", chunk: 37),
            .restBatch("price_volume_tiers", firstRecord: 1), .restBatch("skus", firstRecord: 9_000_000_001),
            .deferredPatch("markets", relationship: "price_list"), .toManyPatch("skus", relationship: "tags"),
            .nestedForm("prices"), .prune("price_lists"), .undo("skus"),
        ]

    @Test("every key prints as the journal's text and parses back to itself")
    func roundTrip() throws {
        for key in Self.keys {
            #expect(try WorkUnitKey(parsing: key.description) == key, "\(key)")
        }
        #expect(Set(Self.keys.map(\.kind)) == Set(WorkUnitKind.allCases))
    }

    @Test("keys print exactly the ids earlier releases wrote, with their kind and type")
    func printedAsBefore() {
        let printed: [(WorkUnitKey, String, WorkUnitKind, ResourceType)] = [
            (.count(.export, "skus"), "count:export:skus", .count, "skus"),
            (.count(.rescan(tag: "0a1b2c3d"), "prices"), "count:rescan-0a1b2c3d:prices", .count, "prices"),
            (.read(.lookupSource, "markets", .range(2)), "lookup-source:markets:2", .export, "markets"),
            (.read(.post, "skus", .pages), "post:skus:get", .export, "skus"),
            (.stage("skus"), "stage:skus", .stage, "skus"), (.diff("tags"), "diff:tags", .diff, "tags"),
            (.importChunk("prices", chunk: 3), "import:prices:3", .importChunk, "prices"),
            (.restBatch("skus", firstRecord: 26), "rest:skus:26", .restBatch, "skus"),
            (.deferredPatch("markets", relationship: "price_list"), "patch:markets.price_list", .patch, "markets"),
            (.toManyPatch("skus", relationship: "tags"), "tomany:skus.tags", .patch, "skus"),
            (.nestedForm("prices"), "nested_form:prices", .nestedForm, "prices"),
            (.prune("prices"), "prune:prices", .prune, "prices"), (.undo("skus"), "undo:skus", .undo, "skus"),
            (.count(.undo(tag: "0a1b2c3d"), "skus"), "count:undo-0a1b2c3d:skus", .count, "skus"),
        ]
        for (key, text, kind, type) in printed {
            #expect(key.description == text)
            #expect(key.kind == kind && key.type == type, "\(text)")
        }
    }

    @Test(
        "an id layerclone never writes is refused, naming it and what is wrong",
        arguments: [
            ("", "it is empty"),
            ("count:export", "have 3 parts"),
            ("count:nope:skus", "`nope` is not a read label"),
            ("count:export:Skus", "`Skus` is not a resource type"),
            ("stage:skus:1", "have 2 parts"),
            ("diff:", "`` is not a resource type"),
            ("import:prices:-1", "`-1` is not a chunk index"),
            ("import:prices:03", "`03` is not a chunk index"),
            ("import:prices:+3", "`+3` is not a chunk index"),
            ("rest:skus:", "`` is not a staged record id"),
            ("rest:skus:99999999999999999999", "is not a staged record id"),
            ("patch:markets", "`markets` is not <type>.<relationship>"),
            ("tomany:skus.tags.x", "`skus.tags.x` is not <type>.<relationship>"),
            ("export:skus:1:2", "have 3 parts"),
            ("export:skus:get2", "`get2` is not a range index"),
            ("export:price lists:0", "`price lists` is not a resource type"),
            ("target_scan:skus", "starts with `target_scan`"),
            ("rescan-:skus:0", "starts with `rescan-`"),
            ("rescan-AB:skus:0", "starts with `rescan-AB`"),
        ])
    func refused(text: String, reason: String) {
        let error = #expect(throws: WorkUnitKeyError.self) { try WorkUnitKey(parsing: text) }
        #expect(error?.text == text)
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
        #expect(error?.description.hasPrefix("`\(text)` is not a journal unit id: ") == true)
    }
}
