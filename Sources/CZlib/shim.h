#ifndef STREAMCODECS_CZLIB_SHIM_H
#define STREAMCODECS_CZLIB_SHIM_H
#include <zlib.h>
#endif
