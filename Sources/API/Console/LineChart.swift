/// A line chart drawn on the server as SVG: one marker per point (a different shape and dash per series, so colour
/// is never the only signal), an optional interval band, threshold lines, and a `<title>`/`<desc>` for screen
/// readers. Pages print the same numbers in a table beside it.
struct LineChart {
    struct Series {
        let name: String
        /// One value per x label; nil leaves a gap.
        let values: [Double?]
        /// An interval per x label drawn as a shaded band (for example a 95% Wilson interval).
        var band: [(low: Double, high: Double)?]? = nil
    }

    let title: String
    let description: String
    let xLabels: [String]
    let series: [Series]
    var thresholds: [(label: String, value: Double)] = []
    var yRange: ClosedRange<Double>? = nil
    var width = 640.0
    var height = 220.0
    var yDigits = 2

    static let markers = ["circle", "square", "triangle"]
    static let dashes = ["", "6 3", "2 3"]

    func svg() -> String {
        let padLeft = 48.0, padRight = 12.0, padTop = 12.0, padBottom = 34.0
        let plotW = width - padLeft - padRight, plotH = height - padTop - padBottom
        let range = yRange ?? autoRange()
        let span = max(range.upperBound - range.lowerBound, 1e-9)
        func x(_ i: Int) -> Double { padLeft + (xLabels.count <= 1 ? plotW / 2 : plotW * Double(i) / Double(xLabels.count - 1)) }
        func y(_ v: Double) -> Double { padTop + plotH * (1 - (min(max(v, range.lowerBound), range.upperBound) - range.lowerBound) / span) }
        var out = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(HTML.escape(title))</title><desc>\(HTML.escape(description))</desc>"
        out += "<rect class=\"frame\" x=\"\(f(padLeft))\" y=\"\(f(padTop))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\"/>"
        for k in 0...4 {
            let v = range.lowerBound + span * Double(k) / 4
            out += "<line class=\"grid\" x1=\"\(f(padLeft))\" x2=\"\(f(padLeft + plotW))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\"/>"
            out += "<text class=\"axis\" x=\"\(f(padLeft - 4))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(HTML.number(v, yDigits))</text>"
        }
        // As many axis labels as fit (about 80 px each), shortened to month-day on a narrow chart.
        let fit = max(2, Int(plotW / (width < 400 ? 50 : 80)))
        let step = max(1, Int((Double(xLabels.count) / Double(fit)).rounded(.up)))
        for i in stride(from: 0, to: xLabels.count, by: step) {
            let label = width < 400 && xLabels[i].count == 10 ? String(xLabels[i].suffix(5)) : xLabels[i]
            out += "<text class=\"axis\" x=\"\(f(x(i)))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
        }
        for t in thresholds {
            out += "<line class=\"threshold\" x1=\"\(f(padLeft))\" x2=\"\(f(padLeft + plotW))\" y1=\"\(f(y(t.value)))\" y2=\"\(f(y(t.value)))\"/>"
            out += "<text class=\"axis\" x=\"\(f(padLeft + plotW - 2))\" y=\"\(f(y(t.value) - 3))\" text-anchor=\"end\">\(HTML.escape(t.label))</text>"
        }
        for (s, series) in series.enumerated() {
            if let band = series.band {
                let upper = band.enumerated().compactMap { i, b in b.map { "\(f(x(i))),\(f(y($0.high)))" } }
                let lower = band.enumerated().reversed().compactMap { i, b in b.map { "\(f(x(i))),\(f(y($0.low)))" } }
                if !upper.isEmpty { out += "<polygon class=\"band band-\(s)\" points=\"\((upper + lower).joined(separator: " "))\"/>" }
            }
            var path = "", pen = false
            for (i, v) in series.values.enumerated() {
                guard let v else { pen = false; continue }
                path += (pen ? "L" : "M") + "\(f(x(i))),\(f(y(v)))"
                pen = true
            }
            let dash = LineChart.dashes[s % 3].isEmpty ? "" : " stroke-dasharray=\"\(LineChart.dashes[s % 3])\""
            out += "<path class=\"line line-\(s)\" d=\"\(path)\"\(dash)/>"
            for (i, v) in series.values.enumerated() {
                guard let v else { continue }
                out += marker(s, x(i), y(v), label: "\(series.name) \(xLabels[i]): \(HTML.number(v, yDigits + 1))",
                              day: xLabels[i], value: v)
            }
        }
        out += legend(y: height - 2)
        return out + "</svg>"
    }

    private func marker(_ s: Int, _ cx: Double, _ cy: Double, label: String, day: String, value: Double) -> String {
        let attributes = "class=\"point point-\(s)\" data-series=\"\(HTML.escape(series[s].name))\" data-x=\"\(HTML.escape(day))\" data-y=\"\(HTML.number(value, 4))\""
        let tip = "<title>\(HTML.escape(label))</title>"
        switch LineChart.markers[s % 3] {
        case "square": return "<rect \(attributes) x=\"\(f(cx - 3))\" y=\"\(f(cy - 3))\" width=\"6\" height=\"6\">\(tip)</rect>"
        case "triangle": return "<polygon \(attributes) points=\"\(f(cx)),\(f(cy - 4)) \(f(cx - 4)),\(f(cy + 3)) \(f(cx + 4)),\(f(cy + 3))\">\(tip)</polygon>"
        default: return "<circle \(attributes) cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"3\">\(tip)</circle>"
        }
    }

    private func legend(y: Double) -> String {
        guard series.count > 1 else { return "" }
        let shapes = ["●", "■", "▲"]
        return series.enumerated().map { s, series in
            "<text class=\"legend legend-\(s)\" x=\"\(f(48 + Double(s) * 160))\" y=\"\(f(y))\">\(shapes[s % 3]) \(HTML.escape(series.name))</text>"
        }.joined()
    }

    private func autoRange() -> ClosedRange<Double> {
        let values = series.flatMap { s in s.values.compactMap { $0 } + (s.band ?? []).compactMap { $0 }.flatMap { [$0.low, $0.high] } }
            + thresholds.map(\.value)
        guard let lo = values.min(), let hi = values.max() else { return 0...1 }
        let pad = max((hi - lo) * 0.08, 1e-3)
        return (lo - pad)...(hi + pad)
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
