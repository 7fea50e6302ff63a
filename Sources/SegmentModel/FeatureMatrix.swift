/// Row-major matrix of feature values: `rows` observations × `columns` features, in the schema's feature order.
public struct FeatureMatrix: Sendable, Equatable {
    public private(set) var values: [Double]
    public let columns: Int

    public init(columns: Int, values: [Double] = []) {
        precondition(columns > 0 && values.count % columns == 0, "values must hold whole rows")
        self.columns = columns
        self.values = values
    }

    public var rows: Int { values.count / columns }
    public var isEmpty: Bool { values.isEmpty }

    public mutating func append(row: some Collection<Double>) {
        precondition(row.count == columns, "row has \(row.count) values, expected \(columns)")
        values.append(contentsOf: row)
    }

    public mutating func reserve(rows: Int) { values.reserveCapacity(rows * columns) }

    public func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }

    /// All values of one feature, in row order.
    public func column(_ index: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows { out[r] = v[r * columns + index] }
        }
        return out
    }

    /// This matrix with the rows `indices` of `batch` appended.
    public func appending(rows indices: [Int], of batch: ObservationBatch) -> FeatureMatrix {
        var out = self
        out.values.reserveCapacity(values.count + indices.count * columns)
        for i in indices { out.values.append(contentsOf: batch.row(i)) }
        return out
    }

    /// The rows at `indices`, in that order.
    public func selecting(rows indices: some Sequence<Int>) -> FeatureMatrix {
        var out = FeatureMatrix(columns: columns)
        for i in indices { out.values.append(contentsOf: row(i)) }
        return out
    }
}

/// Features with their true segment index (or `LabelledData.unlabelled`), as the model trains and is evaluated on.
public struct LabelledData: Sendable, Equatable {
    public static let unlabelled: Int32 = -1

    public var features: FeatureMatrix
    public var labels: [Int32]

    public init(features: FeatureMatrix, labels: [Int32]) {
        precondition(features.rows == labels.count, "one label per row")
        self.features = features
        self.labels = labels
    }

    public var count: Int { labels.count }

    /// Only the rows whose label is known.
    public func labelledOnly() -> LabelledData {
        let keep = labels.indices.filter { labels[$0] != LabelledData.unlabelled }
        if keep.count == labels.count { return self }
        return LabelledData(features: features.selecting(rows: keep), labels: keep.map { labels[$0] })
    }
}
