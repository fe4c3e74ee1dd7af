/// A path that reaches what the descriptor `fd` has open (Linux's `/proc/self/fd`), for readers
/// that take a path: the file or folder opened, whatever its name comes to mean later.
func descriptorPath(_ fd: Int32) -> String {
    "/proc/self/fd/\(fd)"
}
