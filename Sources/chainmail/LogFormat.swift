/// How `serve` writes its log lines on standard error: `text` for people, `json` for collectors.
enum LogFormat: String, Decodable, CaseIterable, EnumeratedSetting {
    /// swift-log's stream format: `time level label: [metadata] message`.
    case text
    /// One JSON object a line: `time`, `level`, `label`, `message` and each metadata item as a field.
    case json
}
