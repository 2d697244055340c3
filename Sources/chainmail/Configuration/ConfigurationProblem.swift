import Yams

/// One thing wrong with a configuration file, where it is: printed as
/// `FILE:LINE:COLUMN: message`, or `FILE: message` when no position applies.
struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    let file: String
    let line: Int?
    let column: Int?
    let message: String

    init(file: String, mark: Mark?, message: String) {
        self.file = file
        self.line = mark?.line
        self.column = mark?.column
        self.message = message
    }

    var description: String {
        guard let line, let column else { return "\(file): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}

/// Every problem a configuration file has, in the order they appear in it.
struct ConfigurationProblems: Error, CustomStringConvertible {
    let problems: [ConfigurationProblem]

    init(_ problems: [ConfigurationProblem]) {
        self.problems = problems.sorted { ($0.line ?? .max, $0.column ?? .max) < ($1.line ?? .max, $1.column ?? .max) }
    }

    var description: String { problems.map(\.description).joined(separator: "\n") }
}
