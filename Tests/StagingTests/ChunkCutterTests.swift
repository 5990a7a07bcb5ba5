import Testing

@testable import Staging

@Suite("Staging: cutting chunks of even work")
struct ChunkCutterTests {
    @Test("without nested work records are cut by count, the first chunks taking the rounding")
    func byCount() {
        let chunks = ChunkCutter(size: 10).cut([("a", Array(1...17))])
        #expect(chunks.map(\.members) == [ArraySlice(1...9), ArraySlice(10...17)])
        #expect(chunks.allSatisfy { $0.parent == "a" })
    }

    @Test("groups are laid end to end: as few chunks as the size allows, one spanning two parents has none")
    func acrossGroups() {
        // 12 + 5 records at size 10: 2 chunks of 9 and 8, not 6 + 6 + 5.
        let chunks = ChunkCutter(size: 10).cut([("a", Array(1...12)), ("b", Array(13...17))])
        #expect(
            chunks == [
                .init(parent: "a", members: ArraySlice(1...9)), .init(parent: nil, members: ArraySlice(10...17)),
            ])
    }

    @Test("records that carry children count for more: a heavy parent's records fill smaller chunks")
    func byWork() {
        // 40 records at size 10: 4 chunks. Records of "heavy" at even positions carry 2 children:
        // heavy's work is 40, light's 20, 60 in all. Shares: 60 / 4 = 15, reached after record 7;
        // then 45 / 3 = 15, reached after record 15 (work 16); then 29 / 2 = 14.5, but the chunk is
        // full at record 25 (work 14, spanning both parents); the last 15 records are cut by
        // count, 8 and 7.
        let heavy = Array(Int64(1)...20)
        let light = Array(Int64(21)...40)
        var extra: [Int64: Int] = [:]
        for (index, record) in heavy.enumerated() where index % 2 == 0 { extra[record] = 2 }
        let chunks = ChunkCutter(size: 10, extraWork: extra).cut([("heavy", heavy), ("light", light)])
        #expect(chunks.map(\.members.count) == [7, 8, 10, 8, 7])
        #expect(chunks.map(\.parent) == ["heavy", "heavy", nil, "light", "light"])
        #expect(chunks.flatMap(\.members) == heavy + light)
    }

    @Test("no chunk exceeds the size, even when one record's work spans several shares")
    func sizeHolds() {
        // Work 1, 10, 1 at size 1: the heavy record passes two boundaries at once; the piece
        // before it is cut again to fit.
        let chunks = ChunkCutter(size: 1, extraWork: [2: 9]).cut([(nil, [1, 2, 3])])
        #expect(chunks.map(\.members) == [[1], [2], [3]])
        #expect(ChunkCutter(size: 5).cut([("a", [])]).isEmpty)
    }
}
