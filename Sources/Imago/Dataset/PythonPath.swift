/// The few `os.path` operations Keras's file listing relies on, with Python's exact string semantics.
enum PythonPath {
    /// `os.path.join(a, b)` for POSIX: `b` when it is absolute, otherwise `a` and `b` with one `/` between
    /// them unless `a` is empty or already ends with `/`.
    static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        if a.isEmpty || a.hasSuffix("/") { return a + b }
        return a + "/" + b
    }

    /// `os.path.basename`: the part after the last `/` (empty when the path ends with `/`).
    static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Python's `str` ordering: by Unicode code point. For valid UTF-8 this is the order of the UTF-8 bytes.
    static func codePointLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
