/// `name` in `folder`, as messages show a path: one `/` between them whether or not the folder
/// the user gave ends in one.
package func joinedPath(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
}
