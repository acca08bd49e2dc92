/// Records the outcome of comparing one file with a reference, against a list of documented differences:
/// an undocumented difference is reported, and so is a documented one that no longer occurs (so the list stays true).
func recordDifference(outcome: String?, for path: String, known: [String: String], into differences: inout [String]) {
    if let reason = known[path] {
        if outcome == nil { differences.append("\(path): listed as a known difference (\(reason)) but now agrees") }
    } else if let outcome {
        differences.append("\(path): \(outcome)")
    }
}
