import Foundation

/// Decodes a `Decodable` type from one row, its coding keys naming the columns (as GRDB does for Codable records):
/// numbers, text and blobs directly, any other type from the JSON text its column holds.
struct SQLRowDecoder: Decoder {
    let row: SQLRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(row: row, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row is keyed by column"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row is keyed by column"))
    }

    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: SQLRow
        var codingPath: [any CodingKey]
        var allKeys: [Key] { row.columns.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.columns.contains(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool { row.value(named: key.stringValue).isNull }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let raw = row.value(named: key.stringValue)
            if let convertible = T.self as? any SQLValueConvertible.Type {
                if let value = convertible.fromSQL(raw) as? T { return value }
                throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath + [key],
                                                               debugDescription: "column \(key.stringValue) holds \(raw)"))
            }
            guard let text = String.fromSQL(raw) else {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath + [key],
                                                                debugDescription: "column \(key.stringValue) is NULL"))
            }
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                                   forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath + [key], debugDescription: "no nesting in a row"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath + [key], debugDescription: "no nesting in a row"))
        }

        func superDecoder() throws -> any Decoder { SQLRowDecoder(row: row, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { SQLRowDecoder(row: row, codingPath: codingPath + [key]) }
    }
}

extension SQLRecord where Self: Decodable {
    /// Codable records decode by their coding keys.
    public init(row: SQLRow) throws { try self.init(from: SQLRowDecoder(row: row)) }
}
