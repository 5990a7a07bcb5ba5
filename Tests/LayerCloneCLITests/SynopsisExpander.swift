/// Turns a command synopsis as the README writes it (`layerclone seed FILE.lcsnap|DIR --target P
/// [--allow-live]`) into concrete argument vectors a parser can be given.
///
/// - `[…]` groups are optional: one vector leaves them all out, the others put them all in.
/// - `a|b` offers alternatives: each alternative gets a vector of its own.
/// - Placeholders (`PLAN`, `P`, `FILE.lcsnap`, `<run>`) become sample values; an unknown
///   placeholder is an error, so a README that invents a new one makes the test say so.
/// - `…` ("more options") is left out.
enum SynopsisExpander {
    struct UnknownPlaceholder: Error, CustomStringConvertible {
        let placeholder: String
        var description: String {
            "unknown placeholder \(placeholder): give it a sample value in SynopsisExpander.samples"
        }
    }

    /// Sample values of the README's placeholders.
    static let samples: [String: String] = [
        "PLAN": "plans/store-setup.yml", "P": "test", "N": "100", "RUN": "20261202-120000-abcd",
        "<run>": "20261202-120000-abcd", "DIR": "seed-folder", "FILE.lcsnap": "store.lcsnap", "FILE": "store.lcsnap",
        "SPEC": "http500=0.05", "S": "60", "PATH": "seed.json",
    ]

    /// Every argument vector the synopsis stands for (the leading `layerclone` removed).
    static func expand(_ synopsis: String) throws -> [[String]] {
        var words = synopsis.split(separator: " ").map(String.init).filter { $0 != "…" }
        if words.first == "layerclone" { words.removeFirst() }
        // Group words: a plain word, or an optional group of words.
        var elements: [(words: [String], optional: Bool)] = []
        var group: [String]?
        for word in words {
            var word = word
            let opens = word.hasPrefix("[")
            let closes = word.hasSuffix("]")
            if opens { word.removeFirst() }
            if closes { word.removeLast() }
            if opens { group = [] }
            if group != nil {
                group?.append(word)
                if closes, let finished = group {
                    elements.append((finished, true))
                    group = nil
                }
            } else {
                elements.append(([word], false))
            }
        }
        var vectors: [[String]] = []
        for includeOptional in [false, true] {
            let chosen = elements.filter { includeOptional || !$0.optional }.flatMap(\.words)
            vectors += try alternatives(of: chosen)
        }
        var seen = Set<[String]>()
        return vectors.filter { seen.insert($0).inserted }
    }

    /// One vector per alternative of each `a|b` word (the first alternative elsewhere), with
    /// placeholders replaced.
    private static func alternatives(of words: [String]) throws -> [[String]] {
        let resolved = try words.map { word in try word.split(separator: "|").map { try value(of: String($0)) } }
        var vectors = [resolved.map { $0[0] }]
        for (index, options) in resolved.enumerated() where options.count > 1 {
            for option in options.dropFirst() {
                var vector = vectors[0]
                vector[index] = option
                vectors.append(vector)
            }
        }
        return vectors
    }

    private static func value(of word: String) throws -> String {
        if let sample = samples[word] { return sample }
        let isPlaceholder =
            (word.hasPrefix("<") && word.hasSuffix(">"))
            || (word.first?.isUppercase == true && word.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" })
        if isPlaceholder { throw UnknownPlaceholder(placeholder: word) }
        return word
    }
}
