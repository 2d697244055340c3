import Yams

/// Reads a YAML configuration file strictly: YAML syntax errors with their line, values a setting
/// cannot hold with the accepted values or range, and every key at any depth that no setting asked
/// for; all of them, not only the first, each as `FILE:LINE:COLUMN: problem`.
enum StrictYAMLDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigurationProblems) -> T {
        let root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch let error as YamlError {
            throw ConfigurationProblems([syntaxProblem(error, file: file)])
        } catch {
            throw ConfigurationProblems([ConfigurationProblem(file: file, mark: nil, message: "\(error)")])
        }
        let report = DecodingReport(file: file)
        let value: T?
        do {
            value = try StrictNodeDecoder(node: root, codingPath: [], report: report).decode(type)
        } catch {
            value = nil
        }
        let problems = report.problems + report.unknownKeyProblems()
        guard let value, problems.isEmpty else { throw ConfigurationProblems(problems) }
        return value
    }

    private static func syntaxProblem(_ error: YamlError, file: String) -> ConfigurationProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return ConfigurationProblem(file: file, mark: mark, message: "YAML syntax error: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationProblem(
                file: file,
                mark: context.mark,
                message: "setting given twice: \(duplicates.joined(separator: ", "))"
            )
        case .reader(let problem, _, _, _):
            return ConfigurationProblem(file: file, mark: nil, message: "YAML cannot be read: \(problem)")
        default:
            return ConfigurationProblem(file: file, mark: nil, message: "YAML error: \(error)")
        }
    }
}
