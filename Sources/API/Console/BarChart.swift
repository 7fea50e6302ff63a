/// Grouped bars drawn as SVG (for example reference and current shares per PSI bin). The second series is hatched
/// and every bar carries its value in a `<title>`, so the comparison never rests on colour.
struct BarChart {
    let title: String
    let description: String
    let categories: [String]
    let series: [(name: String, values: [Double])]
    var width = 640.0
    var height = 200.0

    func svg() -> String {
        let padLeft = 44.0, padBottom = 40.0, padTop = 10.0
        let plotW = width - padLeft - 8, plotH = height - padTop - padBottom
        let top = max(series.flatMap(\.values).max() ?? 1, 1e-9) * 1.1
        let group = plotW / Double(max(categories.count, 1))
        let bar = group * 0.8 / Double(max(series.count, 1))
        var out = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(HTML.escape(title))</title><desc>\(HTML.escape(description))</desc>"
        out += "<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        out += "<rect width=\"4\" height=\"4\" class=\"hatch-bg\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" class=\"hatch-line\"/></pattern></defs>"
        for k in 0...4 {
            let v = top * Double(k) / 4, y = padTop + plotH * (1 - Double(k) / 4)
            out += "<line class=\"grid\" x1=\"\(f(padLeft))\" x2=\"\(f(padLeft + plotW))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
            out += "<text class=\"axis\" x=\"\(f(padLeft - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(HTML.percent(v, 0))</text>"
        }
        for (c, category) in categories.enumerated() {
            let x0 = padLeft + group * Double(c) + group * 0.1
            for (s, series) in series.enumerated() {
                let v = c < series.values.count ? series.values[c] : 0
                let h = plotH * v / top
                out += "<rect class=\"bar bar-\(s)\" x=\"\(f(x0 + bar * Double(s)))\" y=\"\(f(padTop + plotH - h))\" width=\"\(f(bar))\" height=\"\(f(h))\""
                    + (s == 1 ? " fill=\"url(#hatch)\"" : "") + "><title>\(HTML.escape("\(series.name) \(category): \(HTML.percent(v))"))</title></rect>"
            }
            out += "<text class=\"axis\" x=\"\(f(x0 + group * 0.4))\" y=\"\(f(height - padBottom + 14))\" text-anchor=\"middle\">\(HTML.escape(category))</text>"
        }
        for (s, series) in series.enumerated() {
            out += "<rect class=\"bar bar-\(s)\" x=\"\(f(padLeft + Double(s) * 150))\" y=\"\(f(height - 14))\" width=\"10\" height=\"10\""
                + (s == 1 ? " fill=\"url(#hatch)\"" : "") + "/>"
            out += "<text class=\"legend\" x=\"\(f(padLeft + Double(s) * 150 + 14))\" y=\"\(f(height - 5))\">\(HTML.escape(series.name))</text>"
        }
        return out + "</svg>"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
