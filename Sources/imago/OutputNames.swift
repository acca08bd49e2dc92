import Imago

/// The output file of each input of a batch command writing into one folder, without silent overwrites.
///
/// Names are given in input order: the first input claiming a name gets it, and every later input that maps to the
/// same name (the same file name in another folder, `a.png` and `a.jpg` converted to one format, or the same path
/// given twice) gets an error instead, so no output is written over another one from the same run.
enum OutputNames {
    /// For each input, its output path `directory/name(input)`, or the error explaining the collision.
    static func assign(_ inputs: [String], in directory: String, name: (String) -> String) -> [Result<String, ImageError>] {
        var owners: [String: String] = [:]
        return inputs.map { input in
            let path = directory + "/" + name(input)
            if let owner = owners[path] {
                return .failure(.invalidArgument(
                    "its output \(path) is already the output of \(owner) (same name); not overwritten: process them into separate folders"))
            }
            owners[path] = input
            return .success(path)
        }
    }

    /// The last component of `path` (`a/b/c.png` gives `c.png`).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The file name without its last extension (`a/photo.v2.jpg` gives `photo.v2`; `.hidden` stays `.hidden`).
    static func stem(_ path: String) -> String {
        let name = fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
