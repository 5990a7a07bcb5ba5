/// A plan whose `code_in` filter nests aliases `depth` levels deep, ten copies per level:
/// 10^depth values once expanded, from a few hundred bytes.
package func aliasBombPlan(depth: Int) -> String {
    var lines = ["source: test", "target: live", "anchors:", "  l0: &l0 [a, a, a, a, a, a, a, a, a, a]"]
    for level in 1...depth {
        let previous = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
        lines.append("  l\(level): &l\(level) [\(previous)]")
    }
    lines += ["resources:", "  skus:", "    filters:", "      code_in: *l\(depth)"]
    return lines.joined(separator: "\n") + "\n"
}
