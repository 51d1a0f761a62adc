// zlib, for reading the parts of a ZIP archive and deflating a streamed sheet (WardCaseExport/ZipReader.swift, ZipWriter.swift).
#include <zlib.h>
