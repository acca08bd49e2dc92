import Foundation
import Imago

/// The output file of each input of a batch command writing into one folder, without silent overwrites.
///
/// Names are given in input order: the first input claiming a name gets it, and every later input that maps to the
/// same name (the same file name in another folder, `a.png` and `a.jpg` converted to one format, or the same path
/// given twice) gets an error instead, so no output is written over another one from the same run. An output that
/// is another input of the run is refused too (an input may only be replaced by its own output).
enum OutputNames {
    /// For each input, its output path `directory/name(input)`, or the error explaining the collision.
    static func assign(_ inputs: [String], in directory: String, name: (String) -> String) -> [Result<String, ImageError>] {
        var inputIndex: [String: Int] = [:]
        for (index, input) in inputs.enumerated() where inputIndex[standardized(input)] == nil {
            inputIndex[standardized(input)] = index
        }
        var owners: [String: String] = [:]
        return inputs.enumerated().map { index, input in
            let path = directory + "/" + name(input)
            let key = standardized(path)
            if let owner = owners[key] {
                return .failure(.invalidArgument(
                    "its output \(path) is already the output of \(owner) (same name); not overwritten: process them into separate folders"))
            }
            if let other = inputIndex[key], standardized(inputs[other]) != standardized(input) {
                return .failure(.invalidArgument("its output \(path) would replace the input \(inputs[other]); not overwritten"))
            }
            owners[key] = input
            return .success(path)
        }
    }

    /// `path` made absolute, without `.`, `..` or repeated slashes (symbolic links are not resolved).
    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
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
