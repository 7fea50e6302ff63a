import Foundation

/// The customer id alphabet: what a `customer_id` may be, so that one customer always has exactly one spelling.
///
/// An id is 1–128 bytes of UTF-8 in Unicode normalization form C, with no control characters (C0, DEL, C1), no
/// byte-order mark (U+FEFF) and no leading or trailing white space. Ids are keys compared byte for byte; these rules
/// rule out the ids that look alike but differ in bytes (`C1` and ` C1`, a composed and a decomposed `é`, an
/// invisible BOM) and the ids SQLite or downstream tools would cut short (a NUL byte).
public enum CustomerIDRule {
    public static let maxBytes = 128

    /// Why `bytes` is not a valid customer id, or nil when it is. The same rule keeps other key text (protected
    /// attribute values) in one spelling: `field` names it in messages, `limit` caps its length, and with `echo`
    /// off the text itself is never quoted (a protected value must not reach a log).
    public static func problem(_ bytes: some BidirectionalCollection<UInt8>, field: String = "customer_id",
                               limit: Int = maxBytes, echo: Bool = true) -> String? {
        if bytes.isEmpty { return "empty \(field)" }
        if bytes.count > limit { return "\(field) is longer than \(limit) bytes" }
        var ascii = true
        var previous: UInt8 = 0
        for (offset, b) in bytes.enumerated() {
            if b < 0x20 || b == 0x7F {
                return "\(field) contains the control character \(hex(UInt32(b))) at byte \(offset + 1); keys may not hold control characters"
            }
            // C1 controls U+0080…U+009F are 0xC2 0x80…0x9F in UTF-8.
            if previous == 0xC2 && (0x80...0x9F).contains(b) {
                return "\(field) contains the control character \(hex(UInt32(b))) at byte \(offset); keys may not hold control characters"
            }
            if b >= 0x80 { ascii = false }
            previous = b
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return "\(field) is not valid UTF-8" }
        let quoted = echo ? "\(field) '\(text)'" : field
        if ascii {
            if bytes.first == 0x20 || bytes.last == 0x20 { return whitespace(text, quoted, field) }
            return nil
        }
        if text.unicodeScalars.contains("\u{FEFF}") {
            return "\(field) contains a byte-order mark (U+FEFF); a BOM is allowed only at the very start of the file"
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return "\(field) is only white space" }
        if text.unicodeScalars.first!.properties.isWhitespace || text.unicodeScalars.last!.properties.isWhitespace {
            return whitespace(text, quoted, field)
        }
        if text.precomposedStringWithCanonicalMapping.utf8.elementsEqual(bytes) == false {
            return "\(quoted) is not in Unicode normalization form C; normalise upstream so that each key has one spelling"
        }
        return nil
    }

    private static func whitespace(_ text: String, _ quoted: String, _ field: String) -> String {
        text.allSatisfy(\.isWhitespace)
            ? "\(field) is only white space"
            : "\(quoted) has leading or trailing white space; keys are compared byte for byte"
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
