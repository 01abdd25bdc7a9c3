import CoursePacks
import Domain
import Foundation

/// Reading a pack from a path given on the command line or at start-up: a folder or a .zip.
public enum PackLoading {
    public static func files(at path: String) throws -> PackFiles {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PackIssue(file: path, line: nil, message: "no such file or folder")
        }
        if isDirectory.boolValue {
            return try PackFiles.read(folder: url)
        }
        return try PackArchive.unpack(contentsOf: url, limits: .default)
    }

    /// The packs in a folder of packs (such as Courses/): every subfolder with a pack.yaml.
    public static func packFolders(in path: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        return names.map { "\(path)/\($0)" }.filter { FileManager.default.fileExists(atPath: "\($0)/pack.yaml") }
    }
}
