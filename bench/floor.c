/* The file-system floor: create one small file per row under a temporary name and rename it,
   as the converter does, with nothing else. Usage: floor N FOLDER */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: floor N FOLDER\n"); return 2; }
    long count = atol(argv[1]);
    char temporary[4096], final[4096], body[1024];
    for (int i = 0; i < (int)sizeof body; i++) body[i] = (char)('a' + i % 26);
    for (long i = 0; i < count; i++) {
        snprintf(temporary, sizeof temporary, "%s/.%ld.partial", argv[2], i);
        snprintf(final, sizeof final, "%s/CUST_%ld.zip", argv[2], i);
        int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, body, sizeof body) != (ssize_t)sizeof body || close(fd) != 0) { perror(temporary); return 1; }
        if (rename(temporary, final) != 0) { perror(final); return 1; }
    }
    return 0;
}
