/*
 * holdopen FILE: holds FILE open letting no one else open it, as Excel does
 * with a CSV file, until its standard input closes; it prints "held" once
 * it does. For .ci/check-windows (Wine enforces sharing modes, not locked
 * byte ranges, so the other way a program holds a file is left to the
 * upload package's Windows tests).
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
	if (argc != 2) {
		fputs("usage: holdopen FILE\n", stderr);
		return 2;
	}
	HANDLE f = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (f == INVALID_HANDLE_VALUE) {
		fprintf(stderr, "holdopen: cannot open the file: error %lu\n", GetLastError());
		return 1;
	}
	puts("held");
	fflush(stdout);
	char buf[64];
	DWORD n;
	while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &n, NULL) && n > 0)
		;
	CloseHandle(f);
	return 0;
}
