import Yams

/// Bounds what aliases can do before Yams expands them.
///
/// Yams substitutes every alias (`*name`) with its anchored node. Nested aliases make that
/// explode, in size (a "billion laughs" file of a few hundred bytes stands for 10⁹ values)
/// or in depth (a chain `l1: &l1 [*l0]`, `l2: &l2 [*l1]`, … is as deep as it is long, and
/// Yams tears such a tree down recursively, overflowing the stack past some 50,000 levels).
/// Yams also hashes whole keys to find duplicates, so an alias bomb in key position hangs.
///
/// So when the text has aliases, it is first parsed with each alias replaced by a plain
/// scalar of the same width (nothing expands, positions stay), and the expanded size and
/// depth are computed from the anchors. Only a document within both limits reaches the
/// real parse. Without aliases the expansion is the text itself and nothing is checked.
enum AliasExpansionCheck {
    /// Far beyond any hand-written scenario (traces belong in CSV files).
    static let maximumValues = 1_000_000
    /// As deep as libyaml lets a document nest without aliases.
    static let maximumDepth = 1_000

    static func check(_ text: String, file: String) throws(ScenarioError) {
        let (neutral, aliases) = neutralizeAliases(text)
        guard !aliases.isEmpty, let parser = try? Parser(yaml: neutral) else { return }
        var measure = Measure(aliases: aliases)
        var document = Measure.Expansion(size: 0, depth: 0)
        // Anchors live in the parser; keep it alive while the walk reads them. Syntax errors
        // are left for the real parse to report.
        withExtendedLifetime(parser) {
            while let root = try? parser.nextRoot() {
                let expansion = measure.expansion(of: root)
                document.size = min(document.size + expansion.size, Measure.cap)
                document.depth = max(document.depth, expansion.depth)
            }
        }
        // Located at the alias that contributes the most, the likeliest place to fix.
        if document.size > maximumValues, let (position, _) = measure.largest {
            throw ScenarioError(
                file: file, location: SourceLocation(file: file, line: position.line, column: position.column),
                message: "aliases expand the document to more than \(maximumValues) values; are aliases (*name) nested too deeply?")
        }
        if document.depth > maximumDepth, let (position, _) = measure.deepest {
            throw ScenarioError(
                file: file, location: SourceLocation(file: file, line: position.line, column: position.column),
                message: "aliases nest the document more than \(maximumDepth) levels deep; are aliases (*name) chained too long?")
        }
    }

    /// A line and column, as libyaml counts them (from 1, in Unicode scalars).
    struct Position: Hashable {
        let line: Int
        let column: Int
    }

    /// The text with the `*` of every possible alias token replaced by `Z`, and the
    /// positions replaced. Every real alias is among them: libyaml reads `*` followed by a
    /// name character as an alias wherever a token may start, and a plain scalar cannot
    /// start with `*`, so a scalar node starting at one of these positions is an alias.
    static func neutralizeAliases(_ text: String) -> (String, Set<Position>) {
        var positions = Set<Position>()
        guard text.contains("*") else { return (text, positions) }
        var out = String.UnicodeScalarView()
        var line = 1
        var column = 1
        var scalars = text.unicodeScalars.makeIterator()
        var current = scalars.next()
        while let scalar = current {
            let next = scalars.next()
            if scalar == "*", let next, isNameCharacter(next) {
                positions.insert(Position(line: line, column: column))
                out.append("Z")
            } else {
                out.append(scalar)
            }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            current = next
        }
        return (String(out), positions)
    }

    /// The anchor an alias scalar stands for: the name after the `Z` that replaced `*`.
    static func aliasName(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.dropFirst().prefix(while: isNameCharacter)))
    }

    /// libyaml's anchor name characters.
    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("A"..."Z").contains(c) || ("a"..."z").contains(c) || c == "_" || c == "-"
    }

    /// The expanded size and depth of nodes, with aliases standing for their anchors.
    private struct Measure {
        let aliases: Set<Position>
        /// The latest definition of each anchor, as YAML lets anchors be redefined.
        var anchors: [String: Expansion] = [:]
        /// The aliases that expand the most, located for the error message.
        var largest: (Position, Int)?
        var deepest: (Position, Int)?

        struct Expansion {
            var size: Int
            var depth: Int
        }

        /// Recursion follows the text's own nesting, which libyaml caps at 1000 levels.
        mutating func expansion(of node: Yams.Node) -> Expansion {
            var result = Expansion(size: 1, depth: 1)
            switch node {
            case .scalar(let scalar):
                guard let mark = scalar.mark else { break }
                let position = Position(line: mark.line, column: mark.column)
                if aliases.contains(position), let anchored = anchors[AliasExpansionCheck.aliasName(scalar.string)] {
                    result = anchored
                    if anchored.size > largest?.1 ?? 0 { largest = (position, anchored.size) }
                    if anchored.depth > deepest?.1 ?? 0 { deepest = (position, anchored.depth) }
                }
            case .sequence(let sequence):
                for element in sequence { Self.add(expansion(of: element), to: &result) }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    Self.add(expansion(of: key), to: &result)
                    Self.add(expansion(of: value), to: &result)
                }
            case .alias:
                break
            }
            if let anchor = node.anchor { anchors[anchor.rawValue] = result }
            return result
        }

        /// Far above the limits, so saturated sums never overflow.
        static let cap = Int(Int32.max)

        /// Adds a child, saturating at ``cap``. Static, so that calling it does not copy
        /// `self` (and its dictionaries) mid-mutation.
        private static func add(_ child: Expansion, to parent: inout Expansion) {
            parent.size = min(parent.size + child.size, cap)
            parent.depth = max(parent.depth, min(child.depth + 1, cap))
        }
    }
}
