import Yams

/// What one strict decoding pass learnt: the problems met so far and, for every mapping, which keys
/// the decoded types asked for, so that the keys nobody asked for can be reported afterwards
/// without a hand-kept list of settings.
final class DecodingReport {
    let file: String
    private(set) var problems: [ConfigurationProblem] = []
    private var mappings: [String: MappingUse] = [:]

    /// A mapping the decoding reached: its keys, the keys asked for, whether the type that read it
    /// finished, and whether a key is one of the type's coding keys. A type that failed half-way
    /// (a required setting missing) has not asked for every key yet, so its other keys are judged
    /// by its coding keys instead; a type whose keys take any string cannot be judged then.
    private struct MappingUse {
        let mapping: Node.Mapping
        let path: [any CodingKey]
        let recognises: (String) -> Bool
        var asked: [String] = []
        var finished = false

        func isUnknown(_ name: String) -> Bool {
            finished ? !asked.contains(name) : !recognises(name)
        }
    }

    init(file: String) {
        self.file = file
    }

    func record(_ message: String, at node: Node?) {
        problems.append(ConfigurationProblem(file: file, mark: node?.mark, message: message))
    }

    func reached(_ mapping: Node.Mapping, at path: [any CodingKey], recognises: @escaping (String) -> Bool) {
        let key = SettingPath.text(path)
        if mappings[key] == nil { mappings[key] = MappingUse(mapping: mapping, path: path, recognises: recognises) }
    }

    func asked(_ name: String, at path: [any CodingKey]) {
        let key = SettingPath.text(path)
        guard var use = mappings[key] else { return }
        if !use.asked.contains(name) { use.asked.append(name) }
        mappings[key] = use
    }

    func finished(at path: [any CodingKey]) {
        mappings[SettingPath.text(path)]?.finished = true
    }

    /// Every key of a mapping that its type never asked for (or, for a type that failed half-way,
    /// that is none of its coding keys), and every key given twice.
    func unknownKeyProblems() -> [ConfigurationProblem] {
        var found: [ConfigurationProblem] = []
        for use in mappings.values {
            var seen = Set<String>()
            for (keyNode, _) in use.mapping {
                let name = keyNode.string ?? "\(keyNode)"
                let setting = SettingPath.text(use.path + [SettingPath.Name(name)])
                if !seen.insert(name).inserted {
                    found.append(ConfigurationProblem(file: file, mark: keyNode.mark, message: "setting \(setting) is given twice"))
                    continue
                }
                guard use.isUnknown(name) else { continue }
                var message = "unknown setting \(setting)"
                if let suggestion = Self.closest(to: name, among: use.asked) { message += " (did you mean \(suggestion)?)" }
                if use.finished { message += " (accepted: \(use.asked.joined(separator: ", ")))" }
                found.append(ConfigurationProblem(file: file, mark: keyNode.mark, message: message))
            }
        }
        return found
    }

    /// The accepted key nearest a misspelt one, when it is close (case or two edits away).
    static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= (name.count <= 3 ? 1 : 2) else { return nil }
        return best.0
    }

    private static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        var previous = Array(0...b.count)
        for (i, character) in a.enumerated() {
            var current = [i + 1]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (character == b[j - 1] ? 0 : 1)))
            }
            previous = b.isEmpty ? [i + 1] : current
        }
        return previous[b.count]
    }
}

/// Thrown once a problem is in the report: the nearest optional setting above it catches it and
/// decoding goes on, so one pass finds as many problems as it can.
struct RecordedProblem: Error {}
