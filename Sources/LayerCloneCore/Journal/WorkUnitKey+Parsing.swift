import ResourceCatalog

/// A journal unit id that is not one layerclone writes.
package struct WorkUnitKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The id as read.
    package let text: String
    /// What is wrong with it.
    package let reason: String

    package var description: String {
        "`\(text)` is not a journal unit id: \(reason). Unit ids read count:<label>:<type>, "
            + "<label>:<type>:<index|get>, stage:<type>, diff:<type>, import:<type>:<chunk>, "
            + "rest:<type>:<record>, patch:<type>.<relationship>, tomany:<type>.<relationship>, "
            + "nested_form:<type>, prune:<type> or undo:<type>"
    }
}

extension ReadLabel {
    /// The label `text` names, or nil when it names none.
    package init?(_ text: String) {
        switch text {
        case "export": self = .export
        case "lookup-source": self = .lookupSource
        case "lookup-target": self = .lookupTarget
        case "source": self = .source
        case "target": self = .target
        case "pre": self = .pre
        case "post": self = .post
        case "lookup": self = .lookup
        case "final": self = .final
        default:
            for prefix in ["rescan-", "undo-"] where text.hasPrefix(prefix) {
                let tag = String(text.dropFirst(prefix.count))
                guard !tag.isEmpty, tag.unicodeScalars.allSatisfy(WorkUnitKey.isNameScalar) else { return nil }
                self = prefix == "undo-" ? .undo(tag: tag) : .rescan(tag: tag)
                return
            }
            return nil
        }
    }
}

extension WorkUnitKey {
    /// Reads a unit id as `description` writes it.
    /// - Throws: `WorkUnitKeyError` naming the id and what is wrong with it.
    package init(parsing text: String) throws(WorkUnitKeyError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func fail(_ reason: String) -> WorkUnitKeyError { WorkUnitKeyError(text: text, reason: reason) }
        guard !text.isEmpty else { throw fail("it is empty") }
        func expectParts(_ count: Int, _ shape: String) throws(WorkUnitKeyError) {
            guard parts.count == count else {
                throw fail(
                    "ids starting with `\(parts[0])` have \(count) parts separated by `:` (\(shape)), "
                        + "this one has \(parts.count)")
            }
        }
        func type(_ index: Int) throws(WorkUnitKeyError) -> ResourceType {
            guard Self.isName(parts[index]) else {
                throw fail("`\(parts[index])` is not a resource type (lowercase letters, digits and `_`)")
            }
            return ResourceType(parts[index])
        }
        func number(_ index: Int, what: String) throws(WorkUnitKeyError) -> Int64 {
            let digits = parts[index]
            guard let value = Int64(digits), value >= 0, String(value) == digits else {
                throw fail("`\(digits)` is not a \(what) (a number written without sign or leading zeros)")
            }
            return value
        }
        func relationship(_ name: String) throws(WorkUnitKeyError) -> (ResourceType, String) {
            let pieces = parts[1].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count == 2, Self.isName(pieces[0]), Self.isName(pieces[1]) else {
                throw fail("`\(parts[1])` is not <type>.<relationship>")
            }
            return (ResourceType(pieces[0]), pieces[1])
        }
        switch parts[0] {
        case "count":
            try expectParts(3, "count:<label>:<type>")
            guard let label = ReadLabel(parts[1]) else { throw fail("`\(parts[1])` is not a read label") }
            self = .count(label, try type(2))
        case "stage", "diff", "nested_form", "prune", "undo":
            try expectParts(2, "\(parts[0]):<type>")
            let type = try type(1)
            switch parts[0] {
            case "stage": self = .stage(type)
            case "diff": self = .diff(type)
            case "prune": self = .prune(type)
            case "undo": self = .undo(type)
            default: self = .nestedForm(type)
            }
        case "import":
            try expectParts(3, "import:<type>:<chunk>")
            let type = try type(1)
            let chunk = try number(2, what: "chunk index")
            guard let index = Int(exactly: chunk) else { throw fail("chunk index \(chunk) is too large") }
            self = .importChunk(type, chunk: index)
        case "rest":
            try expectParts(3, "rest:<type>:<record>")
            self = .restBatch(try type(1), firstRecord: try number(2, what: "staged record id"))
        case "patch", "tomany":
            try expectParts(2, "\(parts[0]):<type>.<relationship>")
            let (type, name) = try relationship(parts[1])
            self =
                parts[0] == "patch" ? .deferredPatch(type, relationship: name) : .toManyPatch(type, relationship: name)
        default:
            guard let label = ReadLabel(parts[0]) else {
                throw fail("it starts with `\(parts[0])`, which is neither a kind of unit nor a read label")
            }
            try expectParts(3, "<label>:<type>:<index|get>")
            let type = try type(1)
            if parts[2] == "get" {
                self = .read(label, type, .pages)
            } else {
                let index = try number(2, what: "range index")
                guard let range = Int(exactly: index) else { throw fail("range index \(index) is too large") }
                self = .read(label, type, .range(range))
            }
        }
    }

    /// Whether `text` can be a resource type or relationship name in a unit id.
    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isNameScalar)
    }

    /// Lowercase ASCII letters, digits and `_`.
    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
