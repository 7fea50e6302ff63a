extension ConfigLoader {
    static func readDatabase(_ m: YAMLMapping) throws -> DatabaseConfig {
        var c = DatabaseConfig()
        if let url = try m.optionalString("url"), !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") || !url.contains("://") else {
                throw m.error("url", m.node("url"), "expected postgres://user:password@host:port/database or a SQLite file path")
            }
            c.url = url
        }
        try m.finish()
        return c
    }
}
