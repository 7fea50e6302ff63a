import Foundation

/// Parses a plain decimal number: `[+-]digits[.digits][(e|E)[+-]digits]`, finite.
///
/// Stricter than `strtod`: no `nan`, `inf`, hex floats or surrounding spaces, which in a feature column are data
/// errors, not numbers.
enum DecimalParser {
    enum Failure: Error, Equatable {
        case empty, notANumber, notFinite

        func message(_ text: String) -> String {
            switch self {
            case .empty: "empty value; features must be numbers"
            case .notANumber: "'\(text)' is not a number"
            case .notFinite: "'\(text)' is not a finite number"
            }
        }
    }

    static func parse(_ field: ArraySlice<UInt8>) -> Swift.Result<Double, Failure> {
        guard !field.isEmpty else { return .failure(.empty) }
        guard field.count < 64, isPlainDecimal(field) else {
            if let lower = String(validating: field, as: UTF8.self)?.lowercased(),
               ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
                return .failure(.notFinite)
            }
            return .failure(.notANumber)
        }
        // Fast path: integers of up to 15 digits are exact as doubles.
        if let integer = smallInteger(field) { return .success(integer) }
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: field.count + 1) { buffer -> Double in
            var i = 0
            for b in field {
                buffer[i] = CChar(bitPattern: b)
                i += 1
            }
            buffer[i] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        return value.isFinite ? .success(value) : .failure(.notFinite)
    }

    private static func smallInteger(_ field: ArraySlice<UInt8>) -> Double? {
        var negative = false
        var digits = field[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        var value: Int64 = 0
        for b in digits {
            let d = Int64(b) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
        }
        return negative ? -Double(value) : Double(value)
    }

    private static func isPlainDecimal(_ field: ArraySlice<UInt8>) -> Bool {
        var i = field.startIndex
        let end = field.endIndex
        func digits() -> Int {
            var n = 0
            while i < end, field[i] >= 48, field[i] <= 57 {
                i += 1
                n += 1
            }
            return n
        }
        if field[i] == UInt8(ascii: "+") || field[i] == UInt8(ascii: "-") { i += 1 }
        var mantissa = digits()
        if i < end, field[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if i < end, field[i] == UInt8(ascii: "e") || field[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, field[i] == UInt8(ascii: "+") || field[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == end
    }
}
