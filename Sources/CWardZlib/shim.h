// zlib, for reading the parts of a ZIP archive (see WardCaseExport/ZipReader.swift).
#include <zlib.h>
