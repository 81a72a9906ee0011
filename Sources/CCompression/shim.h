// Debian's compression libraries, as one system-library module: zlib (gzip), snappy (C API), lz4 (frame), zstd.
#ifndef TRIBUTARY_CCOMPRESSION_SHIM_H
#define TRIBUTARY_CCOMPRESSION_SHIM_H
#include <zlib.h>
#include <snappy-c.h>
#include <lz4frame.h>
#include <zstd.h>
#endif
