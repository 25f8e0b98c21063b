#ifndef STREAMCODECS_COPENSSL_SHIM_H
#define STREAMCODECS_COPENSSL_SHIM_H
#include <openssl/sha.h>
#include <openssl/rand.h>
#endif
