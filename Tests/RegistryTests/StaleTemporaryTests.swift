import Foundation
import Registry
import Testing

/// A save killed mid-way leaves a hidden `.<name>.imago-XXXXXX` file; `FileIO` finds and removes old ones.
struct StaleTemporaryTests {
    @Test func onlyOldTemporariesOfThatTargetAreRemoved() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/photo.png"
        #expect(FileIO.temporaryPrefix(for: target) == ".photo.png.imago-")
        let names = [".photo.png.imago-AbC123", ".photo.png.imago-fresh1", ".other.png.imago-AbC123",
                     ".photo.png.imago-toolong7", "photo.png"]
        for name in names { try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/" + name)) }
        let old = Date(timeIntervalSinceNow: -7200)
        for name in names where name != ".photo.png.imago-fresh1" {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: directory + "/" + name)
        }
        let removed = FileIO.removeStaleTemporaries(of: target, olderThan: 3600)
        #expect(removed == [directory + "/.photo.png.imago-AbC123"])
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == [".other.png.imago-AbC123", ".photo.png.imago-fresh1", ".photo.png.imago-toolong7", "photo.png"])
    }
}
