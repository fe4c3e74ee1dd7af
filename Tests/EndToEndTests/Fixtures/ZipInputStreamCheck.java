import java.io.FileInputStream;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads every ZIP named on the command line front to back with java.util.zip.ZipInputStream, the
 * reader a JVM on the receiving side is most likely to use: it reads local headers only, cannot
 * read a STORED entry that has a data descriptor, and checks each entry's CRC-32 and size.
 * Prints "ok N" for N entries read, or the first failure, and exits 1 on any failure.
 */
public class ZipInputStreamCheck {
    public static void main(String[] args) throws Exception {
        long entries = 0;
        byte[] buffer = new byte[1 << 16];
        for (String path : args) {
            try (InputStream file = new FileInputStream(path); ZipInputStream zip = new ZipInputStream(file)) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    long read = 0;
                    int got;
                    while ((got = zip.read(buffer)) > 0) read += got;
                    if (entry.getSize() != -1 && entry.getSize() != read) {
                        System.out.println(path + ": " + entry.getName() + " read " + read + " of " + entry.getSize());
                        System.exit(1);
                    }
                    entries++;
                }
            } catch (Exception e) {
                System.out.println(path + ": " + e);
                System.exit(1);
            }
        }
        System.out.println("ok " + entries);
    }
}
