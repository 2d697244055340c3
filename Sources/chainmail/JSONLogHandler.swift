import AccountEngine
import Foundation
import Logging

/// `logFormat: json`: one JSON object a line on standard error,
/// `{"time","level","label","message", …}` with each metadata item as a field of its own (the
/// four named fields win over metadata of the same name).
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fixed = ["time", "level", "label", "message", "error"]
        var members: [JSONObject.Member] = [
            .init(key: "time", value: .string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))),
            .init(key: "level", value: .string(event.level.rawValue)),
            .init(key: "label", value: .string(label)),
            .init(key: "message", value: .string(event.message.description)),
        ]
        if let error = event.error { members.append(.init(key: "error", value: .string("\(error)"))) }
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() where !fixed.contains(key) {
            members.append(.init(key: key, value: Self.json(merged[key]!)))
        }
        FileHandle.standardError.write(Data((JSONValue.object(JSONObject(members)).compactText + "\n").utf8))
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let items): .array(items.map(json))
        case .dictionary(let dictionary):
            .object(JSONObject(dictionary.keys.sorted().map { JSONObject.Member(key: $0, value: json(dictionary[$0]!)) }))
        }
    }
}
