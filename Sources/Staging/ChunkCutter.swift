/// Cuts a type's records, grouped by import parent, into import chunks of even work (see
/// `ChunkReader.planChunks(type:size:nested:)`).
///
/// A record's work is 1 plus its `extraWork` (the nested children its input carries): an
/// import's time follows the records it writes. The groups are laid end to end and cut, in
/// that order, into `ceil(records / size)` chunks of even work: a chunk ends where its work
/// first reaches the even share of the work left (17 records at size 10: 9 and 8), or when it
/// holds `size` records (a stretch of light records), after which the shares of the rest are
/// recomputed; the last share is cut by count if over `size`. A chunk within one group keeps
/// that group's parent (sent once, as `parent_resource_id`); one that spans groups has none
/// (its inputs name their own) and lists its records in source order.
struct ChunkCutter {
    /// The most inputs in one chunk (positive).
    let size: Int
    /// Work beyond the record itself, by record id (absent: none).
    var extraWork: [Int64: Int] = [:]

    /// One planned chunk: its records in order, and their common parent's target id (nil:
    /// none, or records of several parents).
    struct Chunk: Equatable {
        let parent: String?
        let members: ArraySlice<Int64>
    }

    /// The chunks of `groups` (each a parent and its records in source order), in group order.
    func cut(_ groups: [(parent: String?, members: [Int64])]) -> [Chunk] {
        precondition(size > 0, "chunk size must be positive")
        var members: [Int64] = []
        /// The group of each member.
        var owners: [Int32] = []
        members.reserveCapacity(groups.reduce(0) { $0 + $1.members.count })
        owners.reserveCapacity(members.capacity)
        for (index, group) in groups.enumerated() {
            members += group.members
            owners += repeatElement(Int32(index), count: group.members.count)
        }
        guard !members.isEmpty else { return [] }
        let count = (members.count + size - 1) / size
        return evenWorkPieces(members[...], count: count).flatMap { Self.split($0, size: size) }.map { piece in
            let first = owners[piece.startIndex]
            guard first != owners[piece.endIndex - 1] else {
                return Chunk(parent: groups[Int(first)].parent, members: piece)
            }
            return Chunk(parent: nil, members: ArraySlice(piece.sorted()))
        }
    }

    private func work(of record: Int64) -> Int { 1 + (extraWork[record] ?? 0) }

    /// `members` cut into `count` pieces of even work, or more when `size` forces a cut: a
    /// piece ends at the record where its work first reaches the even share of what is left
    /// (`work × pieces left ≥ work left`); the last piece is returned whole (`split` cuts it).
    private func evenWorkPieces(_ members: ArraySlice<Int64>, count: Int) -> [ArraySlice<Int64>] {
        var pieces: [ArraySlice<Int64>] = []
        var start = members.startIndex
        var workLeft = extraWork.isEmpty ? members.count : members.reduce(0) { $0 + work(of: $1) }
        var piecesLeft = count
        var running = 0
        for index in members.indices where piecesLeft > 1 {
            if index - start == size {
                // Full before its share of the work: cut here, and share what is left again.
                pieces.append(members[start..<index])
                (start, workLeft, running, piecesLeft) = (index, workLeft - running, 0, max(1, piecesLeft - 1))
                guard piecesLeft > 1 else { break }
            }
            running += extraWork.isEmpty ? 1 : work(of: members[index])
            if running * piecesLeft >= workLeft {
                pieces.append(members[start...index])
                (start, workLeft, running, piecesLeft) = (index + 1, workLeft - running, 0, piecesLeft - 1)
            }
        }
        if start < members.endIndex { pieces.append(members[start...]) }
        return pieces
    }

    /// `piece` as is when it fits `size`, else cut by count into even parts that fit.
    private static func split(_ piece: ArraySlice<Int64>, size: Int) -> [ArraySlice<Int64>] {
        guard piece.count > size else { return [piece] }
        let count = (piece.count + size - 1) / size
        let even = (piece.count + count - 1) / count
        return stride(from: piece.startIndex, to: piece.endIndex, by: even).map {
            piece[$0..<min($0 + even, piece.endIndex)]
        }
    }
}
