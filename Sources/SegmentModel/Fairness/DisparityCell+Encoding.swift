/// Every key is written, `null` where a figure does not apply (the reference group has no p-value; without
/// `--against` there is no production ratio), so consumers of `cells[]` see one shape.
extension DisparityCell {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(attribute, forKey: .attribute)
        try c.encode(group, forKey: .group)
        try c.encode(segment, forKey: .segment)
        try c.encode(direction, forKey: .direction)
        try c.encode(gated, forKey: .gated)
        try c.encode(n, forKey: .n)
        try c.encode(nEffective, forKey: .nEffective)
        try c.encode(rate, forKey: .rate)
        try c.encode(referenceGroup, forKey: .referenceGroup)
        try c.encode(referenceRate, forKey: .referenceRate)
        try c.encode(air, forKey: .air)
        try c.encode(difference, forKey: .difference)
        try c.encode(differenceCI, forKey: .differenceCI)
        try c.encode(test, forKey: .test)
        try c.encode(pValue, forKey: .pValue)
        try c.encode(pHolm, forKey: .pHolm)
        try c.encode(detectableAIR, forKey: .detectableAIR)
        try c.encode(thresholded, forKey: .thresholded)
        try c.encode(productionAIR, forKey: .productionAIR)
        try c.encode(airChange, forKey: .airChange)
        try c.encode(pWorse, forKey: .pWorse)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(reason, forKey: .reason)
    }
}
