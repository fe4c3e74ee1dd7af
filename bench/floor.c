/* The I/O floor: the least work any valid one-ZIP-per-row converter must do for its attachments.
   For each row: read its attachment once, compute the CRC-32 with zlib, write the same bytes into
   one new file under a temporary name, rename it. Nothing else (no CSV, no JSON, no ZIP framing).

   Usage: floor LIST ATTACHMENTS OUT   (LIST: one attachment file name per row, in row order)
   Build: cc -O2 -o floor bench/floor.c -lz */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: floor LIST ATTACHMENTS OUT\n"); return 2; }
    FILE *list = fopen(argv[1], "r");
    if (!list) { perror(argv[1]); return 1; }
    static unsigned char buffer[1 << 16];
    char name[4096], source[8192], temporary[8192], final[8192];
    long row = 0;
    while (fgets(name, sizeof name, list)) {
        name[strcspn(name, "\n")] = 0;
        if (!name[0]) continue;
        snprintf(source, sizeof source, "%s/%s", argv[2], name);
        snprintf(temporary, sizeof temporary, "%s/.%ld.partial", argv[3], row);
        snprintf(final, sizeof final, "%s/CUST_%ld.zip", argv[3], row);
        int in = open(source, O_RDONLY);
        int out = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0) { perror(source); return 1; }
        uLong crc = crc32(0L, Z_NULL, 0);
        ssize_t got;
        while ((got = read(in, buffer, sizeof buffer)) > 0) {
            crc = crc32(crc, buffer, (uInt)got);
            if (write(out, buffer, (size_t)got) != got) { perror(temporary); return 1; }
        }
        if (got < 0 || close(in) != 0 || close(out) != 0 || rename(temporary, final) != 0) { perror(final); return 1; }
        if (crc == 0xFFFFFFFF) fputc(' ', stderr);  /* keeps the CRC from being optimized away */
        row++;
    }
    return 0;
}
