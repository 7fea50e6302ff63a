import Foundation

/// JSON encoders and decoders configured the one way SegmentOps stores JSON: sorted keys, so stored text and
/// hashes are stable.
public enum JSONEncoderFactory {
    public static func sorted() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func pretty() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes a value to compact sorted JSON text.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try sorted().encode(value), as: UTF8.self)
    }
}
