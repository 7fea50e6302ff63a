import Foundation
import SegmentStore
import Testing

@Suite("Scoring requests: the byte-level reader of a flat feature map agrees with the full parser")
struct FeatureMapReaderTests {
    let reader = FeatureMapReader(features: ["a", "b_long_feature_name", "c"])

    /// The full path's answer: a row, or nil where it gives an error (or the body is not JSON).
    func full(_ body: String) -> (customerID: String?, row: [Double])? {
        guard let value = try? JSONParser.parse(Array(body.utf8)), case .success(let parsed) = reader.read(value) else { return nil }
        return parsed
    }

    func flat(_ body: String) -> (customerID: String?, row: [Double])? {
        Array(body.utf8).withUnsafeBytes { reader.readFlat($0) }
    }

    @Test("whatever the byte reader accepts, the full parser reads the same; what it declines falls back", arguments: [
        #"{"a":1,"b_long_feature_name":2.5,"c":-3e2}"#,
        #" { "c" : 0 , "a": 0.1 ,"b_long_feature_name":1E-3 } "#,
        #"{"customer_id":"C\u00e9\"1","a":1,"b_long_feature_name":2,"c":3}"#,
        #"{"customer_id":null,"as_of":"2026-01-01","segment":{"x":[1]},"a":1,"b_long_feature_name":2,"c":3}"#,
        #"{"a":1,"b_long_feature_name":2,"c":3,"a":4}"#,
        #"{"a":1,"b_long_feature_name":2}"#,
        #"{"a":null,"b_long_feature_name":2,"c":3}"#,
        #"{"a":"1","b_long_feature_name":2,"c":3}"#,
        #"{"a":1e999,"b_long_feature_name":2,"c":3}"#,
        #"{"a":01,"b_long_feature_name":2,"c":3}"#,
        #"{"a":1,"b_long_feature_name":2,"c":3,"d":4}"#,
        #"{"\u0061":1,"b_long_feature_name":2,"c":3}"#,
        #"{"features":{"a":1,"b_long_feature_name":2,"c":3}}"#,
        #"{"customer_id":7,"a":1,"b_long_feature_name":2,"c":3}"#,
        #"{"a":1,"b_long_feature_name":2,"c":3,}"#,
        #"{"a":1,"b_long_feature_name":2,"c":3} x"#,
        #"[{"a":1,"b_long_feature_name":2,"c":3}]"#,
        #"{"a":1,"b_long_feature_name":2,"c":3"#,
        "{}", "", "nul",
    ])
    func agrees(body: String) {
        let fast = flat(body), slow = full(body)
        if let fast {
            #expect(slow != nil, "the byte reader accepted what the full path refuses: \(body)")
            #expect(fast.customerID == slow?.customerID && fast.row == slow?.row, "\(body)")
        }
    }

    @Test("the common shapes take the byte reader")
    func commonShapes() {
        #expect(flat(#"{"a":1,"b_long_feature_name":2.5,"c":-3e2}"#)?.row == [1, 2.5, -300])
        #expect(flat(#"{"customer_id":"C1","c":3,"b_long_feature_name":2,"a":1}"#).map { $0.customerID == "C1" && $0.row == [1, 2, 3] } == true)
        #expect(flat(#"{"as_of":"2026-01-01","segment":null,"a":1,"b_long_feature_name":2,"c":3}"#) != nil)
        #expect(flat(#"{"a":1,"b_long_feature_name":2,"c":3,"a":4}"#) == nil, "a repeated key is left to the full path")
    }
}
