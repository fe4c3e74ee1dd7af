#ifndef RELIANCE_COPENSSL_SHIM_H
#define RELIANCE_COPENSSL_SHIM_H
#include <openssl/evp.h>
#endif
