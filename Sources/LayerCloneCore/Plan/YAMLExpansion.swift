import Yams

/// Bounds the size of a composed YAML document once its aliases are expanded, so a small
/// file of nested aliases (a "billion laughs" plan) is refused before anything walks it.
///
/// Yams shares an aliased node with its anchor, so composing is cheap; reading the tree
/// visits every alias as a full copy. The check walks the tree counting nodes and stops
/// at `maxNodes`, so it costs at most that many steps.
struct YAMLExpansion {
    /// The most nodes a plan may hold with its aliases expanded.
    static let maxNodes = 100_000

    let file: String
    private var visited = 0
    /// Anchors already met: meeting one again is an alias use.
    private var anchors: Set<ObjectIdentifier> = []

    init(file: String) { self.file = file }

    /// The issue when the document expands past `maxNodes`, else nil. Call it while the
    /// `Parser` that composed `root` is alive: Yams holds anchors weakly.
    static func check(_ root: Node, file: String) -> PlanIssue? {
        var expansion = YAMLExpansion(file: file)
        guard let site = expansion.exceeds(root, site: nil) else { return nil }
        let location = SourceLocation(file: file, line: site?.line ?? 1, column: site?.column ?? 1)
        return PlanIssue(
            location,
            "the plan expands to more than \(maxNodes) values through YAML aliases (*name); "
                + "write the values out, or use fewer nested aliases")
    }

    /// Walks `node`; returns the alias site to report (nil inside no alias) once the budget
    /// is spent, or `.none` when the subtree fits.
    /// - Parameter site: where the outermost alias use on the path appears in the file.
    private mutating func exceeds(_ node: Node, site: Mark?, at position: Mark? = nil) -> Mark?? {
        visited += 1
        if visited > Self.maxNodes { return .some(site) }
        var site = site
        if let anchor = Self.anchor(of: node) {
            let id = ObjectIdentifier(anchor)
            if anchors.contains(id) {
                if site == nil { site = position ?? node.mark }
            } else {
                anchors.insert(id)
            }
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = exceeds(key, site: site, at: key.mark) { return found }
                if let found = exceeds(value, site: site, at: site == nil ? key.mark : nil) { return found }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let found = exceeds(item, site: site, at: site == nil ? node.mark : nil) { return found }
            }
        case .scalar, .alias: break
        }
        return nil
    }

    private static func anchor(of node: Node) -> Anchor? {
        switch node {
        case .scalar(let scalar): scalar.anchor
        case .mapping(let mapping): mapping.anchor
        case .sequence(let sequence): sequence.anchor
        case .alias: nil
        }
    }
}
