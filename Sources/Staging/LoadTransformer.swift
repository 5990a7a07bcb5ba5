import ResourceCatalog

/// Applies a plan's `set` transforms to records as they are loaded, on the reading thread,
/// producing exactly the body and change count the set-based SQL of
/// `StagingLoader.apply(_:to:)` would (`json_set(body, path, json(value))` where the value
/// differs), so loads need no table rewrite afterwards.
///
/// It works on minified records only (no whitespace outside strings, as exports are written):
/// SQLite's rewrite minifies a body, which a byte-level edit of an indented one would not. It
/// gives up (returns nil) on anything else, and on paths through a member that is present but
/// not an object or has a duplicate key: the loader then transforms that record with the SQL.
struct LoadTransformer: Sendable {
    private struct Assignment: Sendable {
        /// The path's keys, quoted JSON strings (`"metadata"`, `"cloned_by"`).
        let keys: [[UInt8]]
        /// The new value's JSON text (`json(value)`: minified).
        let value: [UInt8]
    }

    private let assignments: [Assignment]

    /// A transformer for `transforms`, or nil unless every one is a `set` (the others are
    /// applied by `apply(_:to:)` after the load).
    init?(_ transforms: [Transform]) {
        var assignments: [Assignment] = []
        for transform in transforms {
            guard case .set(let field, let value) = transform else { return nil }
            let keys = field.split(separator: ".").map { Array(JSONValue.string(String($0)).canonicalJSON.utf8) }
            assignments.append(Assignment(keys: keys, value: Array(value.canonicalJSON.utf8)))
        }
        self.assignments = assignments
    }

    /// Appends the transformed `record` (valid JSON, see `JSONValidator`) to `output` and adds 1
    /// to `changes[i]` for every transform `i` that changed it; returns false (appending
    /// nothing, counting nothing) when the SQL must do it.
    /// `isMinified`: what `isMinified(record)` answers, when the caller knows it already
    /// (`JSONValidator.check`).
    func transform(
        _ record: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], changes: inout [Int], isMinified: Bool? = nil
    ) -> Bool {
        guard isMinified ?? Self.isMinified(record) else { return false }
        if assignments.count == 1 {
            // One edit, written straight into `output` (no copy of the record).
            guard let edit = edit(assignments[0], of: record) else { return false }
            if let (range, replacement) = edit {
                output.append(contentsOf: record[..<range.lowerBound])
                output.append(contentsOf: replacement)
                output.append(contentsOf: record[range.upperBound...])
                changes[0] += 1
            } else {
                output.append(contentsOf: record)
            }
            return true
        }
        var body = Array(record)
        var changed = [Bool](repeating: false, count: assignments.count)
        for (index, assignment) in assignments.enumerated() {
            let step = body.withUnsafeBufferPointer { edit(assignment, of: $0) }
            guard let step else { return false }
            if let (range, replacement) = step {
                body.replaceSubrange(range, with: replacement)
                changed[index] = true
            }
        }
        output.append(contentsOf: body)
        for (index, flag) in changed.enumerated() where flag { changes[index] += 1 }
        return true
    }

    /// The edit making `assignment` (bytes to replace, replacement), `.some(nil)` when the
    /// value is already there (the SQL leaves such rows alone), or nil when the SQL must decide.
    private func edit(_ assignment: Assignment, of bytes: UnsafeBufferPointer<UInt8>) -> (Range<Int>, [UInt8])?? {
        var object = 0..<bytes.count
        for (depth, key) in assignment.keys.enumerated() {
            guard let lookup = Self.member(key, in: object, of: bytes) else { return nil }
            guard let value = lookup else {
                // Missing: json_set adds it (with any missing objects on the way) at the end of
                // the object.
                var inserted: [UInt8] = []
                if object.count > 2 { inserted.append(UInt8(ascii: ",")) }
                for (offset, name) in assignment.keys[depth...].enumerated() {
                    if offset > 0 { inserted.append(UInt8(ascii: "{")) }
                    inserted.append(contentsOf: name)
                    inserted.append(UInt8(ascii: ":"))
                }
                inserted.append(contentsOf: assignment.value)
                inserted.append(contentsOf: repeatElement(UInt8(ascii: "}"), count: assignment.keys.count - 1 - depth))
                let end = object.upperBound - 1
                return .some((end..<end, inserted))
            }
            if depth == assignment.keys.count - 1 {
                if bytes[value].elementsEqual(assignment.value) { return .some(nil) }
                return .some((value, assignment.value))
            }
            guard bytes[value.lowerBound] == UInt8(ascii: "{") else { return nil }
            object = value
        }
        return nil
    }

    /// The value of the member named by `key` (a quoted JSON string) in the minified object at
    /// `object`: `.some(nil)` when absent, nil when the key appears twice (left to SQL).
    private static func member(_ key: [UInt8], in object: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>)
        -> Range<Int>??
    {
        var found: Range<Int>?
        var index = object.lowerBound + 1
        while index < object.upperBound - 1 {
            let keyEnd = JSONMemberScanner.endOfString(bytes, index)
            let valueStart = keyEnd + 1
            let valueEnd = JSONMemberScanner.endOfValue(bytes, valueStart)
            if bytes[index..<keyEnd].elementsEqual(key) {
                if found != nil { return nil }
                found = valueStart..<valueEnd
            }
            index = valueEnd + 1  // past ','
        }
        return .some(found)
    }

    /// Whether `record` has no whitespace outside strings.
    static func isMinified(_ record: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < record.count {
            switch record[index] {
            case UInt8(ascii: "\""): index = JSONMemberScanner.endOfString(record, index)
            case 0x20, 0x0A, 0x0D, 0x09: return false
            default: index += 1
            }
        }
        return true
    }
}
