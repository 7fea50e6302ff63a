import Foundation
import SegmentModel

/// One scored row as compact JSON — `{"customer_id"?, "probabilities", "segment", "margin", "model_version"}` —
/// written by hand: scoring is the hot path of the CLI and the API.
public enum ScoreLine {
    public static func json(model: SoftmaxModel, version: Int, customerID: String?, row: [Double]) -> String {
        let score = model.score(row)
        var out = "{"
        if let customerID { out += "\"customer_id\":\(quote(customerID))," }
        out += "\"probabilities\":{"
        for (k, segment) in model.segments.enumerated() {
            if k > 0 { out += "," }
            out += "\(quote(segment)):\(score.probabilities[k])"
        }
        out += "},\"segment\":\(quote(model.segments[score.segment])),\"margin\":\(score.margin),\"model_version\":\(version)}"
        return out
    }

    /// The line written in place of a score for an input line that cannot be scored.
    public static func error(line: Int, message: String) -> String {
        "{\"line\":\(line),\"error\":\(quote(message))}"
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
