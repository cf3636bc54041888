import Foundation

/// Splits a migration file into single statements.
///
/// Both SQLite and PostgreSQL's extended protocol run one statement per call, so a migration
/// file is cut at each top-level `;`: not inside quotes, comments, PostgreSQL dollar-quoted
/// bodies (`$$ … $$`) or an SQLite `CREATE TRIGGER … BEGIN … END` block.
public enum SQLScript {
    /// The statements of `text`, trimmed, without empty ones.
    public static func statements(in text: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let characters = Array(text)
        var index = 0
        var dollarTag: String?

        func flush() {
            let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !statement.isEmpty, !isOnlyComments(statement) { statements.append(statement) }
            current = ""
        }

        while index < characters.count {
            let char = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if let tag = dollarTag {
                if char == "$", String(characters[index..<min(characters.count, index + tag.count)]) == tag {
                    current += tag
                    index += tag.count
                    dollarTag = nil
                } else {
                    current.append(char)
                    index += 1
                }
                continue
            }
            switch char {
            case "'", "\"":
                // Quoted text or identifier; a doubled quote is an escaped quote.
                current.append(char)
                index += 1
                while index < characters.count {
                    current.append(characters[index])
                    if characters[index] == char {
                        if index + 1 < characters.count, characters[index + 1] == char {
                            current.append(char)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
            case "-" where next == "-":
                while index < characters.count, characters[index] != "\n" {
                    current.append(characters[index])
                    index += 1
                }
            case "/" where next == "*":
                current += "/*"
                index += 2
                while index < characters.count {
                    if characters[index] == "*", index + 1 < characters.count, characters[index + 1] == "/" {
                        current += "*/"
                        index += 2
                        break
                    }
                    current.append(characters[index])
                    index += 1
                }
            case "$":
                if let tag = dollarQuoteTag(characters, at: index) {
                    dollarTag = tag
                    current += tag
                    index += tag.count
                } else {
                    current.append(char)
                    index += 1
                }
            case ";":
                current.append(char)
                index += 1
                if isInsideTriggerBody(current) { continue }
                flush()
            default:
                current.append(char)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// `$tag$` or `$$` starting at `index`, if one does.
    private static func dollarQuoteTag(_ characters: [Character], at index: Int) -> String? {
        var end = index + 1
        while end < characters.count, characters[end] == "_" || characters[end].isLetter || (end > index + 1 && characters[end].isNumber) {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return String(characters[index...end])
    }

    /// An SQLite trigger's body holds `;`-ended statements up to its closing `END;`.
    private static func isInsideTriggerBody(_ statement: String) -> Bool {
        let words = statement.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" })
        guard words.count >= 2, words[0] == "CREATE" else { return false }
        let isTrigger = words[1] == "TRIGGER" || (words.count > 2 && (words[1] == "TEMP" || words[1] == "TEMPORARY") && words[2] == "TRIGGER")
        guard isTrigger, words.contains("BEGIN") else { return false }
        return words.last != "END"
    }

    private static func isOnlyComments(_ statement: String) -> Bool {
        statement.split(separator: "\n").allSatisfy {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return line.isEmpty || line.hasPrefix("--")
        }
    }
}
