/*
 * A stand-in for Windows' bcryptprimitives.dll, for running our .exe under
 * Debian's Wine 8.0 in .ci/check-windows only; it is never shipped. Go's
 * runtime (1.22 and later) takes its random numbers from ProcessPrng in that
 * DLL, which this Wine lacks, so the program would not even start. Here
 * ProcessPrng asks advapi32's RtlGenRandom (SystemFunction036), which Wine
 * has; Windows itself has the real DLL.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	/* RtlGenRandom takes at most a ULONG at a time. */
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
